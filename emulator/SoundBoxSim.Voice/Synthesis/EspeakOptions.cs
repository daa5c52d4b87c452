namespace SoundBoxSim.Voice.Synthesis;

/// <summary>How the espeak synthesizer reaches espeak-ng.</summary>
public enum EspeakMode
{
    /// <summary>In-process through libespeak-ng when it loads, otherwise the espeak-ng program.</summary>
    Auto,

    /// <summary>Only in-process through libespeak-ng.</summary>
    Library,

    /// <summary>Only the espeak-ng program.</summary>
    Process,
}

/// <summary>Options of <see cref="EspeakSynthesizer"/>.</summary>
public sealed record EspeakOptions
{
    /// <summary>The espeak-ng voice. The default is "vi" (Northern); also "vi-vn-x-central" and "vi-vn-x-south".</summary>
    public string Voice { get; init; } = "vi";

    /// <summary>Speaking rate in words per minute, 80-450. The default is 150.</summary>
    public int WordsPerMinute { get; init; } = 150;

    /// <summary>
    /// Loudness, 0-200 (espeak's amplitude). The default is 70: espeak's own default of 100 peaks at full scale
    /// on some Vietnamese words, which clips.
    /// </summary>
    public int Volume { get; init; } = 70;

    /// <summary>In-process or program. The default is <see cref="EspeakMode.Auto"/>.</summary>
    public EspeakMode Mode { get; init; } = EspeakMode.Auto;

    /// <summary>The espeak-ng program for <see cref="EspeakMode.Process"/>. The default is "espeak-ng" on PATH.</summary>
    public string Executable { get; init; } = "espeak-ng";
}
