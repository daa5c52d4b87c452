namespace SoundBoxSim.Voice.Numbers;

/// <summary>
/// The word choices that differ between correct readings of the same number. None of them changes the value;
/// they are the differences a reference reader is allowed to have.
/// </summary>
/// <param name="ZeroTens">The word for a zero tens digit before a unit (105): <c>linh</c> or <c>lẻ</c>.</param>
/// <param name="Thousand">The word for thousand: <c>nghìn</c> or <c>ngàn</c>.</param>
/// <param name="Billion">The word for 10⁹: <c>tỷ</c> or <c>tỉ</c>.</param>
/// <param name="FourAfterTens">Whether a 4 after tens of 2 or more is read <c>tư</c> (24 = hai mươi tư) rather than <c>bốn</c>.</param>
public sealed record NumberReadingStyle(string ZeroTens, string Thousand, string Billion, bool FourAfterTens)
{
    /// <summary>Northern preset: linh, nghìn, tỷ, tư.</summary>
    public static NumberReadingStyle North { get; } = new("linh", "nghìn", "tỷ", FourAfterTens: true);

    /// <summary>Southern preset: lẻ, ngàn, tỷ, bốn.</summary>
    public static NumberReadingStyle South { get; } = new("lẻ", "ngàn", "tỷ", FourAfterTens: false);

    /// <summary>The preset for <paramref name="region"/>.</summary>
    public static NumberReadingStyle For(VietnameseRegion region) => region switch
    {
        VietnameseRegion.North => North,
        VietnameseRegion.South => South,
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown region; use North or South."),
    };
}
