using System.Buffers;
using BenchmarkDotNet.Attributes;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Benchmarks;

/// <summary>A whole clip-voice announcement: phrase → words → stitched samples → WAV bytes, as `sbsim say` does it.</summary>
[MemoryDiagnoser]
public class ClipAnnouncementBenchmarks
{
    private VoicePack _pack = null!;
    private ClipSynthesizer _synthesizer = null!;
    private PhraseArguments _arguments = PhraseArguments.None;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);

    [Params(150_000L, 1_005_000L, 999_999_999_999_999L)]
    public long Amount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pack = VoicePack.LoadBuiltIn(VietnameseRegion.North);
        _synthesizer = new ClipSynthesizer(_pack);
        _arguments = new PhraseArguments { Amount = Amount };
        Console.WriteLine($"// clips {Amount}: {Wave().Length} bytes, {AudioDuration(Amount).TotalSeconds:0.000} s of audio");
    }

    /// <summary>The path of a long-running emulator: the WAV is written into a reused buffer (the goal's measure).</summary>
    [Benchmark(Baseline = true)]
    public int WaveIntoReusedBuffer()
    {
        _buffer.ResetWrittenCount();
        var utterance = _pack.Phrases.Render(PhraseKeys.AmountReceived, _arguments, _pack.Style);
        return _synthesizer.WriteWav(utterance, _buffer);
    }

    /// <summary>The one-shot path: fresh sample and WAV arrays every time (large-object-heap allocations).</summary>
    [Benchmark]
    public byte[] Wave()
    {
        var utterance = _pack.Phrases.Render(PhraseKeys.AmountReceived, _arguments, _pack.Style);
        return WaveFile.ToBytes(_synthesizer.Synthesize(utterance));
    }

    /// <summary>How long the announcement of <paramref name="amount"/> plays.</summary>
    public static TimeSpan AudioDuration(long amount)
    {
        var pack = VoicePack.LoadBuiltIn(VietnameseRegion.North);
        var utterance = pack.Phrases.Render(PhraseKeys.AmountReceived, new PhraseArguments { Amount = amount }, pack.Style);
        return new ClipSynthesizer(pack).Synthesize(utterance).Duration;
    }
}
