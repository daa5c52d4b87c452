using SoundBoxSim.Voice.Audio;

namespace SoundBoxSim.Voice.Tests.Audio;

public sealed class PcmAudioTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(384_001)]
    [InlineData(-16_000)]
    public void Constructor_RateOutOfRange_Throws(int rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcmAudio(rate, new short[1]));

    [Fact]
    public void Duration_24000SamplesAt16kHz_IsOneAndAHalfSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(1.5), new PcmAudio(16_000, new short[24_000]).Duration);

    [Fact]
    public void Peak_MostNegativeSample_IsItsMagnitude() =>
        Assert.Equal(32_768, new PcmAudio(8_000, new short[] { 100, short.MinValue, short.MaxValue }).Peak());

    [Fact]
    public void Peak_Silence_IsZero() =>
        Assert.Equal(0, new PcmAudio(8_000, new short[50]).Peak());
}
