using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Synthesis;

/// <summary>
/// The default voice, built like a real payment speaker's ROM: one recorded clip per word, stitched together
/// with short silences, longer pauses at punctuation, and fades at every clip edge so joins do not click
/// (when the pack's word gap is 0, neighbouring words overlap by the fade length and cross-fade).
/// Deterministic: the same utterance always gives the same samples.
/// </summary>
public sealed class ClipSynthesizer : ISpeechSynthesizer
{
    private readonly Dictionary<string, short[]> _clips;
    private readonly int _gap;
    private readonly int _pause;
    private readonly int _fade;

    /// <summary>Creates the synthesizer over <paramref name="pack"/>'s clips.</summary>
    public ClipSynthesizer(VoicePack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        Pack = pack;
        var rate = pack.SampleRate;
        _gap = Math.Max(0, pack.Manifest.WordGapMs) * rate / 1000;
        _pause = Math.Max(0, pack.Manifest.PauseMs) * rate / 1000;
        _fade = Math.Max(0, pack.Manifest.CrossfadeMs) * rate / 1000;
        // Fades are applied once here, so speaking is only copying.
        _clips = pack.Clips.ToDictionary(c => c.Key, c => Faded(c.Value.Samples.Span, _fade), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public string Name => "clips";

    /// <summary>The pack the clips come from.</summary>
    public VoicePack Pack { get; }

    /// <inheritdoc />
    public ValueTask<PcmAudio> SynthesizeAsync(Utterance utterance, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Synthesize(utterance));
    }

    /// <summary>Speaks <paramref name="utterance"/> synchronously (it only copies samples).</summary>
    /// <exception cref="SpeechSynthesisException">A word has no clip in the pack.</exception>
    public PcmAudio Synthesize(Utterance utterance)
    {
        var (placed, length) = Plan(utterance);
        var samples = new short[length];
        Render(placed, samples);
        return new PcmAudio(Pack.SampleRate, samples);
    }

    /// <summary>
    /// Speaks <paramref name="utterance"/> straight into a WAV file image in <paramref name="output"/>, with no
    /// intermediate sample array: with a reused buffer writer, announcing allocates almost nothing.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="SpeechSynthesisException">A word has no clip in the pack.</exception>
    public int WriteWav(Utterance utterance, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (placed, length) = Plan(utterance);
        var size = WaveFile.HeaderSize + (length * 2);
        var file = output.GetSpan(size)[..size];
        WaveFile.WriteHeader(file, Pack.SampleRate, length);
        var samples = MemoryMarshal.Cast<byte, short>(file[WaveFile.HeaderSize..]);
        Render(placed, samples);
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(samples, samples);
        }

        output.Advance(size);
        return size;
    }

    private (ArraySegment<(short[] Clip, int Offset)> Placed, int Length) Plan(Utterance utterance)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var tokens = utterance.Tokens;
        var placed = new (short[] Clip, int Offset)[tokens.Count];
        int count = 0, cursor = 0, end = 0;
        var pendingPause = false;
        foreach (var token in tokens)
        {
            if (token.IsPause)
            {
                pendingPause = count > 0;
                continue;
            }

            if (!_clips.TryGetValue(token.Word!, out var clip))
            {
                throw MissingClip(token.Word!);
            }

            if (count > 0)
            {
                cursor = pendingPause ? end + _pause
                    : _gap > 0 ? end + _gap
                    : end - Math.Min(_fade, Math.Min(clip.Length, placed[count - 1].Clip.Length) / 2); // overlap only the faded edges
            }

            placed[count++] = (clip, cursor);
            end = cursor + clip.Length;
            pendingPause = false;
        }

        return (new ArraySegment<(short[], int)>(placed, 0, count), end);
    }

    private static void Render(ArraySegment<(short[] Clip, int Offset)> placed, Span<short> samples)
    {
        var written = 0;
        foreach (var (clip, offset) in placed)
        {
            // Gaps are silence; only a cross-faded overlap with the previous clip needs mixing; the rest is copied.
            if (offset > written)
            {
                samples[written..offset].Clear();
            }

            var overlap = Math.Max(0, written - offset);
            for (var i = 0; i < overlap; i++)
            {
                samples[offset + i] = (short)Math.Clamp(samples[offset + i] + clip[i], short.MinValue, short.MaxValue);
            }

            clip.AsSpan(overlap).CopyTo(samples[(offset + overlap)..]);
            written = offset + clip.Length;
        }
    }

    private SpeechSynthesisException MissingClip(string word)
    {
        string hint;
        try
        {
            hint = $"add clips/{ClipFileNames.ToTelex(word)}.wav to the pack or regenerate it (emulator/voicepacks/generate.sh)";
        }
        catch (ArgumentException)
        {
            hint = "utterances hold Vietnamese words only; write numbers and symbols as words";
        }

        return new SpeechSynthesisException($"The voice pack '{Pack.Name}' has no clip for '{word}'; {hint}.");
    }

    private static short[] Faded(ReadOnlySpan<short> source, int fade)
    {
        var clip = source.ToArray();
        var length = Math.Min(fade, clip.Length / 2);
        for (var i = 0; i < length; i++)
        {
            var gain = (double)i / length;
            clip[i] = (short)(clip[i] * gain);
            clip[^(i + 1)] = (short)(clip[^(i + 1)] * gain);
        }

        return clip;
    }
}
