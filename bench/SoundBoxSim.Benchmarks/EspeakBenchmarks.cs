using BenchmarkDotNet.Attributes;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Benchmarks;

/// <summary>espeak-ng in-process (libespeak-ng) speaking the amount_received phrase; the RTF column divides by the audio's length.</summary>
[MemoryDiagnoser]
public class EspeakBenchmarks
{
    private static readonly EspeakOptions Options = new() { Mode = EspeakMode.Library };
    private readonly EspeakSynthesizer _synthesizer = new(Options);
    private Utterance _utterance = null!;

    [Params(150_000L, 1_005_000L, 999_999_999_999_999L)]
    public long Amount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _utterance = Utterance(Amount);
        Console.WriteLine($"// espeak {Amount}: \"{_utterance.SpokenText}\", {AudioDuration(Amount).TotalSeconds:0.000} s of audio");
    }

    [Benchmark]
    public ValueTask<PcmAudio> Speak() => _synthesizer.SynthesizeAsync(_utterance);

    /// <summary>How long espeak's reading of <paramref name="amount"/> plays: the mean of a few runs, as the length varies by about 1%.</summary>
    public static TimeSpan AudioDuration(long amount)
    {
        var synthesizer = new EspeakSynthesizer(Options);
        var utterance = Utterance(amount);
        var runs = Enumerable.Range(0, 5).Select(_ => synthesizer.SynthesizeAsync(utterance).AsTask().GetAwaiter().GetResult().Duration);
        return TimeSpan.FromTicks((long)runs.Average(duration => duration.Ticks));
    }

    private static Utterance Utterance(long amount)
    {
        var pack = VoicePack.LoadBuiltIn(VietnameseRegion.North);
        return pack.Phrases.Render(PhraseKeys.AmountReceived, new PhraseArguments { Amount = amount }, pack.Style);
    }
}
