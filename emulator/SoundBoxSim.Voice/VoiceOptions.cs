using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice;

/// <summary>Which voice a speaker uses.</summary>
public sealed record VoiceOptions
{
    /// <summary>The synthesizer names <see cref="Synthesizer"/> accepts.</summary>
    public static IReadOnlyList<string> Synthesizers { get; } = ["clips", "espeak", "azure"];

    /// <summary>The region: picks the built-in pack and the number-reading style. The default is North.</summary>
    public VietnameseRegion Region { get; init; } = VietnameseRegion.North;

    /// <summary>"clips" (default: recorded word clips), "espeak" (espeak-ng) or "azure" (Azure Speech REST).</summary>
    public string Synthesizer { get; init; } = "clips";

    /// <summary>A voice pack folder to use instead of the built-in pack of <see cref="Region"/>.</summary>
    public string? PackFolder { get; init; }

    /// <summary>The device model whose phrase wording to use, e.g. "S5 Plus". The default is the pack's default wording.</summary>
    public string? Model { get; init; }

    /// <summary>espeak settings; the default voice follows the region (vi, or vi-vn-x-south).</summary>
    public EspeakOptions? Espeak { get; init; }

    /// <summary>Azure settings; by default read from the environment when the azure voice is chosen.</summary>
    public AzureSpeechOptions? Azure { get; init; }
}
