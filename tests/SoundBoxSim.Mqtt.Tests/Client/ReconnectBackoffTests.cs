using SoundBoxSim.Mqtt.Client;

namespace SoundBoxSim.Mqtt.Tests.Client;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(0, 0.0, 0.5)]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(1, 1.0, 2.0)]
    [InlineData(3, 1.0, 8.0)]
    [InlineData(3, 0.0, 4.0)]
    [InlineData(6, 1.0, 60.0)]    // 64 s capped at 60
    [InlineData(6, 0.0, 30.0)]
    [InlineData(1000, 1.0, 60.0)] // no overflow far past the cap
    public void Delay_DoublesPerAttemptWithJitterAndCap(int attempt, double jitter, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), ReconnectBackoff.Delay(attempt, Min, Max, jitter));

    [Fact]
    public void Delay_NegativeAttempt_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectBackoff.Delay(-1, Min, Max, 0));
}
