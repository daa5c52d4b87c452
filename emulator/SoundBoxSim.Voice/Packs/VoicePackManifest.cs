using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoundBoxSim.Voice.Packs;

/// <summary>
/// The <c>pack.json</c> of a voice pack: what the speaker says (phrase templates, per device model) and the
/// recorded clip of every word it can say. A human pack is the same file with recorded clips.
/// </summary>
public sealed record VoicePackManifest
{
    /// <summary>The pack's name, e.g. "north".</summary>
    public required string Name { get; init; }

    /// <summary>"north" or "south": decides how numbers are read (linh/lẻ, nghìn/ngàn, tư/bốn).</summary>
    public required string Region { get; init; }

    /// <summary>Where the clips came from, e.g. "espeak-ng voice vi".</summary>
    public string? Source { get; init; }

    /// <summary>The sample rate of every clip, in Hz.</summary>
    public required int SampleRate { get; init; }

    /// <summary>Silence between two words, in milliseconds. The default is 40 ms; 0 cross-fades the words instead.</summary>
    public int WordGapMs { get; init; } = 40;

    /// <summary>Silence at a comma or full stop, in milliseconds. The default is 250 ms.</summary>
    public int PauseMs { get; init; } = 250;

    /// <summary>Length of the fade at each clip's edges (and of the overlap when words touch), in milliseconds. The default is 8 ms.</summary>
    public int CrossfadeMs { get; init; } = 8;

    /// <summary>Phrase name → template, e.g. "amount_received" → "Đã nhận {amount} đồng."</summary>
    public required Dictionary<string, string> Phrases { get; init; }

    /// <summary>Device model → phrase name → template, for models that word a phrase differently.</summary>
    public Dictionary<string, Dictionary<string, string>> Models { get; init; } = [];

    /// <summary>Word (lower case) → clip file, relative to the pack folder.</summary>
    public Dictionary<string, string> Clips { get; init; } = [];

    /// <summary>The JSON settings for pack files: camelCase, indented, non-ASCII letters kept as they are.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true, // "name": null is an error, not a null name
    };
}
