using System.Reflection;
using System.Text.Json;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Packs;

/// <summary>
/// A loaded voice pack: its phrases, its number-reading style and one clip per word. Packs are folders
/// (<c>pack.json</c> plus WAV clips); the Northern and Southern packs also travel inside this assembly.
/// Immutable and thread-safe once loaded.
/// </summary>
public sealed class VoicePack
{
    private const string ManifestFile = "pack.json";

    private VoicePack(VoicePackManifest manifest, VietnameseRegion region, PhraseBook phrases, Dictionary<string, PcmAudio> clips)
    {
        Manifest = manifest;
        Region = region;
        Style = NumberReadingStyle.For(region);
        Phrases = phrases;
        Clips = clips;
    }

    /// <summary>The manifest as read.</summary>
    public VoicePackManifest Manifest { get; }

    /// <summary>The pack's name.</summary>
    public string Name => Manifest.Name;

    /// <summary>The region, which decides the number-reading style.</summary>
    public VietnameseRegion Region { get; }

    /// <summary>How this pack reads numbers.</summary>
    public NumberReadingStyle Style { get; }

    /// <summary>The phrase templates.</summary>
    public PhraseBook Phrases { get; }

    /// <summary>Word → clip.</summary>
    public IReadOnlyDictionary<string, PcmAudio> Clips { get; }

    /// <summary>The sample rate of every clip.</summary>
    public int SampleRate => Manifest.SampleRate;

    /// <summary>The words among <paramref name="words"/> that have no clip.</summary>
    public IReadOnlyList<string> MissingWords(IEnumerable<string> words) =>
        [.. words.Where(word => !Clips.ContainsKey(word)).Distinct()];

    /// <summary>Loads the pack that ships inside the assembly for <paramref name="region"/>.</summary>
    public static VoicePack LoadBuiltIn(VietnameseRegion region)
    {
        var folder = region.ToString().ToLowerInvariant();
        var assembly = typeof(VoicePack).Assembly;
        return Load($"built-in pack '{folder}'", file => ReadResource(assembly, $"voicepacks/{folder}/{file}"));
    }

    /// <summary>Loads a pack from <paramref name="folder"/> (a <c>pack.json</c> and its clips).</summary>
    /// <exception cref="VoicePackException">The pack is missing, malformed or incomplete; every problem is listed.</exception>
    public static VoicePack LoadFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var root = Path.GetFullPath(folder);
        return Load($"pack folder '{folder}'", file =>
        {
            var path = Path.GetFullPath(Path.Combine(root, file));
            // A clip path may not climb out of its pack folder.
            return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path)
                ? File.ReadAllBytes(path)
                : null;
        });
    }

    /// <summary>Reads only the manifest of the pack in <paramref name="folder"/>.</summary>
    public static VoicePackManifest ReadManifest(string folder) =>
        ParseManifest(File.ReadAllBytes(Path.Combine(folder, ManifestFile)), folder);

    private static VoicePack Load(string origin, Func<string, byte[]?> readFile)
    {
        var manifestBytes = readFile(ManifestFile)
            ?? throw new VoicePackException($"The {origin} has no {ManifestFile}.");
        var manifest = ParseManifest(manifestBytes, origin);
        var errors = new List<string>();
        var region = ParseRegion(manifest.Region) ?? VietnameseRegion.North;
        if (ParseRegion(manifest.Region) is null)
        {
            errors.Add($"region '{manifest.Region}' is not 'north' or 'south'");
        }

        PhraseBook? phrases = null;
        try
        {
            phrases = new PhraseBook(manifest.Phrases,
                manifest.Models.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, string>)m.Value));
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        var clips = new Dictionary<string, PcmAudio>(StringComparer.Ordinal);
        foreach (var (word, file) in manifest.Clips)
        {
            if (Path.IsPathRooted(file) || file.Split('/', '\\').Contains(".."))
            {
                errors.Add($"clip '{file}' for '{word}' is outside the pack folder (give a path inside it, such as clips/a.wav)");
                continue;
            }

            var bytes = readFile(file);
            if (bytes is null)
            {
                errors.Add($"clip '{file}' for '{word}' is missing");
                continue;
            }

            try
            {
                var clip = WaveFile.Parse(bytes);
                if (clip.SampleRate != manifest.SampleRate)
                {
                    errors.Add($"clip '{file}' is {clip.SampleRate} Hz but the pack is {manifest.SampleRate} Hz");
                }

                clips[word] = clip;
            }
            catch (InvalidWaveFileException ex)
            {
                errors.Add($"clip '{file}': {ex.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new VoicePackException($"The {origin} cannot be used: {string.Join("; ", errors)}.");
        }

        return new VoicePack(manifest, region, phrases!, clips);
    }

    /// <summary>Parses a region by name only: Enum.TryParse would also take "1", "7" or "north, south".</summary>
    internal static VietnameseRegion? ParseRegion(string? name) =>
        Enum.GetValues<VietnameseRegion>().Cast<VietnameseRegion?>()
            .FirstOrDefault(r => string.Equals(r.ToString(), name, StringComparison.OrdinalIgnoreCase));

    private static VoicePackManifest ParseManifest(byte[] bytes, string origin)
    {
        VoicePackManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<VoicePackManifest>(bytes, VoicePackManifest.JsonOptions)
                ?? throw new VoicePackException($"The {ManifestFile} of the {origin} is empty.");
        }
        catch (JsonException ex)
        {
            throw new VoicePackException($"The {ManifestFile} of the {origin} is not valid: {ex.Message}", ex);
        }

        // Nullable annotations reach properties, not dictionary values.
        var nulls = manifest.Phrases.Where(p => p.Value is null).Select(p => $"phrases.{p.Key}")
            .Concat(manifest.Models.SelectMany(m => m.Value is null
                ? [$"models.{m.Key}"]
                : m.Value.Where(p => p.Value is null).Select(p => $"models.{m.Key}.{p.Key}")))
            .Concat(manifest.Clips.Where(c => c.Value is null).Select(c => $"clips.{c.Key}"))
            .ToList();
        return nulls.Count == 0 ? manifest
            : throw new VoicePackException($"The {ManifestFile} of the {origin} is not valid: {string.Join(", ", nulls)} cannot be null.");
    }

    private static byte[]? ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? assembly.GetManifestResourceStream(name.Replace('/', '\\'));
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
