using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Tests.Audio;

namespace SoundBoxSim.Voice.Tests.Packs;

public sealed class VoicePackBuilderTests
{
    // 70 % of full scale, the level every clip is brought to.
    private const double TargetPeak = 0.7 * 32_767;

    [Fact]
    public void Trim_SoundBetweenSilences_KeepsTheSoundAnd10MillisecondsEitherSide()
    {
        var tone = WaveBytes.Tone(500, amplitude: 10_000, period: 40);
        tone[0] = 9_000; // make the first and last samples of the sound loud, so its edges are exact
        tone[^1] = -9_000;
        short[] samples = [.. new short[1_000], .. tone, .. new short[1_200]];

        var trimmed = VoicePackBuilder.Trim(new PcmAudio(16_000, samples));

        const int Margin = 160; // 10 ms at 16 kHz
        Assert.Equal(16_000, trimmed.SampleRate);
        Assert.Equal(samples[(1_000 - Margin)..(1_500 + Margin)], trimmed.Samples.ToArray());
    }

    [Fact]
    public void Trim_QuietNoiseAroundSound_CutsTheNoise()
    {
        // Noise below 1/50 of the peak (and below the absolute floor of 64) counts as silence.
        var random = new Random(7);
        short[] noise() => [.. Enumerable.Range(0, 2_000).Select(_ => (short)random.Next(-60, 61))];
        short[] sound = [20_000, .. WaveBytes.Tone(800, amplitude: 20_000, period: 50), -20_000];
        short[] samples = [.. noise(), .. sound, .. noise()];

        var trimmed = VoicePackBuilder.Trim(new PcmAudio(8_000, samples));

        Assert.Equal(sound.Length + (2 * 80), trimmed.Samples.Length);
        Assert.Equal(samples[(2_000 - 80)..(2_000 + sound.Length + 80)], trimmed.Samples.ToArray());
    }

    [Fact]
    public void Trim_ThresholdFollowsThePeak_LouderNoiseOfAQuietClipIsKept()
    {
        // Peak 1,000: threshold is max(64, 1000/50 = 20) = 64, so a 100 sample is sound.
        short[] samples = [.. new short[500], 100, .. new short[300], 1_000, .. new short[500]];

        var trimmed = VoicePackBuilder.Trim(new PcmAudio(10_000, samples));

        Assert.Equal(100 + 1 + 300 + 1 + 100, trimmed.Samples.Length);
        Assert.Equal(100, trimmed.Samples.Span[100]);
    }

    [Fact]
    public void Trim_SoundTouchingBothEnds_KeepsEverything()
    {
        var samples = WaveBytes.Tone(300, amplitude: 5_000, period: 30);
        samples[0] = 5_000;
        samples[^1] = 5_000;

        var trimmed = VoicePackBuilder.Trim(new PcmAudio(16_000, samples));

        Assert.Equal(samples, trimmed.Samples.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    public void Trim_Silence_ThrowsVoicePackException(int length)
    {
        var quiet = Enumerable.Range(0, length).Select(i => (short)(i % 2 == 0 ? 40 : -40)).ToArray();

        var exception = Assert.Throws<VoicePackException>(() => VoicePackBuilder.Trim(new PcmAudio(16_000, quiet)));

        Assert.Contains("silence", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_QuietClip_BringsThePeakTo70PercentOfFullScaleKeepingTheShape()
    {
        short[] samples = [0, 500, -1_000, 250, -3];

        var normalized = VoicePackBuilder.Normalize(new PcmAudio(22_050, samples)).Samples.ToArray();

        var gain = TargetPeak / 1_000;
        Assert.Equal(samples.Select(s => (short)Math.Round(s * gain)), normalized);
        Assert.Equal(-22_937, normalized[2]);
        Assert.Equal(11_468, normalized[1]);
    }

    [Fact]
    public void Normalize_FullScaleClip_LowersItTo70Percent()
    {
        var normalized = VoicePackBuilder.Normalize(new PcmAudio(16_000, new short[] { short.MaxValue, short.MinValue, 0 }));

        // The peak is the most negative sample (32,768), so it lands on 70 % exactly and 32,767 just under it.
        Assert.Equal(16_000, normalized.SampleRate);
        Assert.Equal(new short[] { 22_936, -22_937, 0 }, normalized.Samples.ToArray());
    }

    [Fact]
    public void Normalize_Silence_StaysSilence()
    {
        var normalized = VoicePackBuilder.Normalize(new PcmAudio(16_000, new short[100]));

        Assert.Equal(100, normalized.Samples.Length);
        Assert.Equal(0, normalized.Peak());
    }

    [Fact]
    public void Normalize_ThenTrim_OfATone_GivesAClipAtTheTargetLevel()
    {
        short[] samples = [.. new short[2_000], .. WaveBytes.Tone(1_000, amplitude: 3_000), .. new short[2_000]];

        var clip = VoicePackBuilder.Normalize(VoicePackBuilder.Trim(new PcmAudio(22_050, samples)));

        Assert.Equal((int)Math.Round(TargetPeak), clip.Peak());
        Assert.InRange(clip.Samples.Length, 1_000, 1_000 + (2 * 221));
    }
}
