using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Broker.Tests.Internal;

public sealed class KeepAliveMonitorTests
{
    [Theory]
    [InlineData(0, 1.5, null)]
    [InlineData(10, 1.5, 15.0)]
    [InlineData(60, 1.5, 90.0)]
    [InlineData(65_535, 2.0, 131_070.0)]
    public void LimitFor_KeepAliveAndFactor_IsTheirProduct(int keepAlive, double factor, double? seconds)
    {
        Assert.Equal(seconds, KeepAliveMonitor.LimitFor((ushort)keepAlive, factor)?.TotalSeconds);
    }

    [Fact]
    public void Touch_BeforeLimit_PostponesExpiry()
    {
        var time = new ManualTimeProvider();
        var expired = 0;
        using var sut = new KeepAliveMonitor(time, TimeSpan.FromSeconds(15), () => expired++);

        time.Advance(TimeSpan.FromSeconds(10));
        sut.Touch();
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.Equal(0, expired);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, expired);
    }

    [Fact]
    public void Dispose_BeforeLimit_NeverExpiresAndLeavesNoTimer()
    {
        var time = new ManualTimeProvider();
        var expired = 0;
        var sut = new KeepAliveMonitor(time, TimeSpan.FromSeconds(15), () => expired++);

        sut.Dispose();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, expired);
        Assert.Equal(0, time.PendingTimers);
    }
}
