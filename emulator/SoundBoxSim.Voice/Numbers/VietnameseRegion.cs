namespace SoundBoxSim.Voice.Numbers;

/// <summary>The regional way of reading numbers and speaking.</summary>
public enum VietnameseRegion
{
    /// <summary>Northern (Hà Nội): <c>linh</c>, <c>nghìn</c>, <c>tư</c>.</summary>
    North,

    /// <summary>Southern (Sài Gòn): <c>lẻ</c>, <c>ngàn</c>, <c>bốn</c>.</summary>
    South,
}
