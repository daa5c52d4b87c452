using System.Text.Json;
using System.Text.Json.Nodes;
using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Tests.Synthesis;

/// <summary>
/// Writes small voice packs (pack.json plus clips) into a fresh temp folder, so tests control every clip and
/// timing value, or can break the pack on purpose.
/// </summary>
internal static class TestPackFolder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Templates for every required phrase, using only letters and the known placeholders.</summary>
    public static Dictionary<string, string> RequiredPhrases() => PhraseKeys.Required.ToDictionary(
        key => key,
        key => key switch
        {
            PhraseKeys.AmountReceived => "Đã nhận {amount} đồng.",
            PhraseKeys.Otp => "Mã {otp}.",
            PhraseKeys.Volume => "Âm lượng {number}.",
            _ => "Xin chào.",
        },
        StringComparer.Ordinal);

    /// <summary>A manifest as a JSON object, ready for tests to change any field.</summary>
    public static JsonObject Manifest(int sampleRate = 16_000, int wordGapMs = 40, int pauseMs = 250, int crossfadeMs = 8, IReadOnlyDictionary<string, string>? clips = null)
    {
        var phrases = new JsonObject();
        foreach (var (key, template) in RequiredPhrases())
        {
            phrases[key] = template;
        }

        var clipList = new JsonObject();
        foreach (var (word, file) in clips ?? new Dictionary<string, string>())
        {
            clipList[word] = file;
        }

        return new JsonObject
        {
            ["name"] = "test",
            ["region"] = "north",
            ["sampleRate"] = sampleRate,
            ["wordGapMs"] = wordGapMs,
            ["pauseMs"] = pauseMs,
            ["crossfadeMs"] = crossfadeMs,
            ["phrases"] = phrases,
            ["clips"] = clipList,
        };
    }

    /// <summary>Writes <paramref name="clips"/> as clips/&lt;telex&gt;.wav and a manifest listing them; returns the folder.</summary>
    public static string Write(IReadOnlyDictionary<string, PcmAudio> clips, int sampleRate = 16_000, int wordGapMs = 40, int pauseMs = 250, int crossfadeMs = 8)
    {
        var folder = RepoPaths.NewTempFolder("pack");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, audio) in clips)
        {
            var file = $"clips/{ClipFileNames.ToTelex(word)}.wav";
            WriteFile(folder, file, WaveFile.ToBytes(audio));
            files[word] = file;
        }

        WriteManifest(folder, Manifest(sampleRate, wordGapMs, pauseMs, crossfadeMs, files));
        return folder;
    }

    public static void WriteManifest(string folder, JsonNode manifest) =>
        File.WriteAllText(Path.Combine(folder, "pack.json"), manifest.ToJsonString(Indented));

    public static void WriteFile(string folder, string relativePath, byte[] bytes)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A constant-level clip: easy to reason about where fades and overlaps fall.</summary>
    public static PcmAudio Constant(int length, short level, int sampleRate = 16_000) =>
        new(sampleRate, Enumerable.Repeat(level, length).ToArray());
}
