using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerKeepAliveTests
{
    [Fact]
    public async Task KeepAlive_NothingForOneAndAHalfPeriods_Closed()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-1", keepAlive: 10);

        harness.Time.Advance(TimeSpan.FromSeconds(15));

        await client.ExpectClosedAsync();
        await client.Served;
        Assert.Equal(1, harness.Broker.Metrics.KeepAliveTimeouts);
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("client 'SB-1': nothing received for 15 s", StringComparison.Ordinal) && line.Contains("[MQTT-3.1.2-24]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeepAlive_PingsInTime_StaysConnected()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-1", keepAlive: 10);

        for (var i = 0; i < 10; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(14));
            await client.PingAsync();
        }

        Assert.Equal(0, harness.Broker.Metrics.KeepAliveTimeouts);
    }

    [Fact]
    public async Task KeepAlive_AnyPacketCounts_TimerRestartsFromIt()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-1", keepAlive: 10);

        harness.Time.Advance(TimeSpan.FromSeconds(10));
        await client.PublishAsync("t", "x", QualityOfService.AtLeastOnce);
        harness.Time.Advance(TimeSpan.FromSeconds(14)); // 24 s since CONNECT, 14 s since the PUBLISH
        await client.PingAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(15));

        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task KeepAlive_Factor_IsConfigurable()
    {
        await using var harness = new BrokerHarness(options => options with { KeepAliveFactor = 2 });
        await using var client = await harness.ConnectAsync("SB-1", keepAlive: 10);

        harness.Time.Advance(TimeSpan.FromSeconds(19));
        await client.PingAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(20));

        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task KeepAlive_Zero_NeverTimesOut()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-1", keepAlive: 0);

        harness.Time.Advance(TimeSpan.FromDays(7));

        await client.PingAsync();
        Assert.Equal(0, harness.Time.PendingTimers);
    }
}
