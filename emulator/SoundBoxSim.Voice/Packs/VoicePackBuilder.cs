using System.Text.Json;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice.Packs;

/// <summary>
/// Makes the clips of a voice pack: works out every word the pack's phrases and number readings can say,
/// renders each word with a synthesizer (espeak-ng for the shipped packs), trims the silence around it,
/// evens out its loudness, and writes <c>clips/&lt;telex&gt;.wav</c> plus the clip list in <c>pack.json</c>.
/// A human pack is made the same way with recorded files instead of the synthesizer.
/// </summary>
public static class VoicePackBuilder
{
    private const double TargetPeak = 0.7 * short.MaxValue;

    /// <summary>Every word the pack described by <paramref name="manifest"/> can say, sorted.</summary>
    /// <exception cref="VoicePackException">The region is not north or south.</exception>
    /// <exception cref="FormatException">A phrase template is malformed.</exception>
    public static IReadOnlyList<string> RequiredWords(VoicePackManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var region = VoicePack.ParseRegion(manifest.Region)
            ?? throw new VoicePackException($"The pack's region '{manifest.Region}' is not 'north' or 'south'.");
        var phrases = new PhraseBook(manifest.Phrases,
            manifest.Models.ToDictionary(m => m.Key, m => (IReadOnlyDictionary<string, string>)m.Value));
        return [.. phrases.Templates.SelectMany(t => t.Words)
            .Concat(VietnameseNumberReader.Vocabulary(NumberReadingStyle.For(region)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Renders every required word of the pack in <paramref name="folder"/> with <paramref name="synthesizer"/>
    /// and rewrites the pack's clips and clip list. Returns the words written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> GenerateAsync(
        string folder, ISpeechSynthesizer synthesizer, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(synthesizer);
        var manifest = VoicePack.ReadManifest(folder);
        var words = RequiredWords(manifest);
        var clipsFolder = Path.Combine(folder, "clips");
        if (Directory.Exists(clipsFolder))
        {
            Directory.Delete(clipsFolder, recursive: true);
        }

        Directory.CreateDirectory(clipsFolder);
        var clips = new Dictionary<string, string>(StringComparer.Ordinal);
        int? rate = null;
        foreach (var word in words)
        {
            var audio = await synthesizer.SynthesizeAsync(new Utterance(word, [new SpeechToken(word)]), cancellationToken);
            if (rate is not null && audio.SampleRate != rate)
            {
                throw new VoicePackException($"The synthesizer changed sample rate from {rate} to {audio.SampleRate} Hz at '{word}'.");
            }

            rate = audio.SampleRate;
            var file = $"clips/{ClipFileNames.ToTelex(word)}.wav";
            await WaveFile.WriteAsync(Path.Combine(folder, file), Normalize(Trim(audio)), cancellationToken);
            clips[word] = file;
        }

        var updated = manifest with { SampleRate = rate ?? manifest.SampleRate, Source = source, Clips = clips };
        await File.WriteAllTextAsync(Path.Combine(folder, "pack.json"),
            JsonSerializer.Serialize(updated, VoicePackManifest.JsonOptions) + "\n", cancellationToken);
        return words;
    }

    /// <summary>Cuts the near-silence before the first and after the last sound, keeping 10 ms either side.</summary>
    public static PcmAudio Trim(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var samples = audio.Samples.Span;
        var threshold = Math.Max(64, audio.Peak() / 50);
        int first = 0, last = samples.Length - 1;
        while (first < samples.Length && Math.Abs((int)samples[first]) < threshold)
        {
            first++;
        }

        while (last > first && Math.Abs((int)samples[last]) < threshold)
        {
            last--;
        }

        if (first >= samples.Length)
        {
            throw new VoicePackException("The synthesizer produced silence for a word.");
        }

        var margin = audio.SampleRate / 100;
        var start = Math.Max(0, first - margin);
        var end = Math.Min(samples.Length, last + 1 + margin);
        return new PcmAudio(audio.SampleRate, audio.Samples[start..end]);
    }

    /// <summary>Scales the clip so its peak is 70 % of full scale, so all words sound equally loud.</summary>
    public static PcmAudio Normalize(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var peak = audio.Peak();
        var gain = peak == 0 ? 1.0 : TargetPeak / peak;
        var scaled = audio.Samples.ToArray();
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = (short)Math.Round(scaled[i] * gain);
        }

        return new PcmAudio(audio.SampleRate, scaled);
    }
}
