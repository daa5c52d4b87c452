namespace SoundBoxSim.Voice.Phrases;

/// <summary>Values for a template's placeholders: <c>{amount}</c>, <c>{otp}</c> and <c>{number}</c>.</summary>
public sealed record PhraseArguments
{
    /// <summary>An amount in đồng, read as a number (<c>{amount}</c>).</summary>
    public long? Amount { get; init; }

    /// <summary>A one-time code read digit by digit (<c>{otp}</c>).</summary>
    public string? Otp { get; init; }

    /// <summary>A small count such as a volume level, read as a number (<c>{number}</c>).</summary>
    public long? Number { get; init; }

    /// <summary>No placeholders.</summary>
    public static PhraseArguments None { get; } = new();
}
