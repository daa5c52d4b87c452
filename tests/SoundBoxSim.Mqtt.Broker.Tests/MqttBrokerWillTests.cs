using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerWillTests
{
    private static readonly WillMessage Will = new("devices/SB-1/status", "offline"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce };

    [Fact]
    public async Task Will_ConnectionDroppedWithoutDisconnect_Published()
    {
        await using var harness = new BrokerHarness();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/+/status", QualityOfService.AtLeastOnce);
        var device = harness.Open();
        await device.ConnectAcceptedAsync("SB-1", will: Will);

        await device.DisposeAsync();

        var will = await watcher.ExpectAsync<PublishPacket>();
        Assert.Equal(("devices/SB-1/status", QualityOfService.AtLeastOnce), (will.Topic, will.QoS));
        Assert.Equal("offline"u8.ToArray(), will.Payload.ToArray());
        await device.Served;
        Assert.Equal(1, harness.Broker.Metrics.WillsPublished);
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("client 'SB-1'", StringComparison.Ordinal) && line.Contains("without DISCONNECT", StringComparison.Ordinal) && line.Contains("Will published", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Will_CleanDisconnect_NotPublished()
    {
        await using var harness = new BrokerHarness();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/+/status");
        await using var device = harness.Open();
        await device.ConnectAcceptedAsync("SB-1", will: Will);

        await device.DisconnectAsync();
        await device.ExpectClosedAsync();
        await device.Served;

        await watcher.PingAsync(); // a Will would have been queued before this PINGRESP
        Assert.Equal(0, harness.Broker.Metrics.WillsPublished);
        Assert.Single(harness.Lines(MqttLogLevel.Information), line => line.EndsWith("client 'SB-1': disconnected (DISCONNECT)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Will_ProtocolError_Published()
    {
        await using var harness = new BrokerHarness();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/+/status");
        await using var device = harness.Open();
        await device.ConnectAcceptedAsync("SB-1", will: Will);

        await device.SendRawAsync(0xF0, 0x00); // packet type 15 is reserved

        Assert.Equal("devices/SB-1/status", (await watcher.ExpectAsync<PublishPacket>()).Topic);
        await device.ExpectClosedAsync();
    }

    [Fact]
    public async Task Will_KeepAliveTimeout_Published()
    {
        await using var harness = new BrokerHarness();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/+/status");
        await using var device = harness.Open();
        await device.ConnectAcceptedAsync("SB-1", keepAlive: 60, will: Will);

        harness.Time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal("devices/SB-1/status", (await watcher.ExpectAsync<PublishPacket>()).Topic);
    }

    [Fact]
    public async Task Will_Retained_StoredForLaterSubscribers()
    {
        await using var harness = new BrokerHarness();
        var device = harness.Open();
        await device.ConnectAcceptedAsync("SB-1", will: Will with { Retain = true });
        await device.DisposeAsync();
        await device.Served;
        await using var late = await harness.ConnectAsync("late");

        await late.SubscribeAsync("devices/SB-1/status");

        Assert.True((await late.ExpectAsync<PublishPacket>()).Retain);
    }

    [Fact]
    public async Task Will_BrokerStops_NotPublished()
    {
        var harness = new BrokerHarness();
        var device = harness.Open();
        await device.ConnectAcceptedAsync("SB-1", will: Will);

        await harness.DisposeAsync();

        await device.ExpectClosedAsync();
        Assert.Equal(0, harness.Broker.Metrics.WillsPublished);
    }
}
