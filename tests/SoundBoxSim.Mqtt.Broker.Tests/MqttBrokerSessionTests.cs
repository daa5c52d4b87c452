using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerSessionTests
{
    [Fact]
    public async Task Persistent_Reconnect_SessionPresentAndSubscriptionsKept()
    {
        await using var harness = new BrokerHarness();
        var first = harness.Open();
        Assert.False(await first.ConnectAcceptedAsync("SB-1", clean: false));
        await first.SubscribeAsync("devices/SB-1/#", QualityOfService.AtLeastOnce);
        await first.DisconnectAsync();
        await first.Served;
        await first.DisposeAsync();

        await using var second = harness.Open();
        Assert.True(await second.ConnectAcceptedAsync("SB-1", clean: false));
        harness.Broker.Publish(new PublishPacket("devices/SB-1/notify", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });

        Assert.Equal("devices/SB-1/notify", (await second.ExpectAsync<PublishPacket>()).Topic);
    }

    [Fact]
    public async Task Persistent_MessagesWhileOffline_QoS1QueuedQoS0Not()
    {
        await using var harness = new BrokerHarness();
        var first = await harness.ConnectAsync("SB-1", clean: false);
        await first.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        await first.DisposeAsync();
        await first.Served;

        harness.Broker.Publish(new PublishPacket("t", "zero"u8.ToArray()));
        harness.Broker.Publish(new PublishPacket("t", "one"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });
        Assert.Equal(1, harness.Broker.Metrics.QueuedMessages);
        await using var second = harness.Open();
        await second.ConnectAcceptedAsync("SB-1", clean: false);

        var queued = await second.ExpectAsync<PublishPacket>();
        Assert.Equal("one"u8.ToArray(), queued.Payload.ToArray());
        Assert.False(queued.Dup);
        await second.PingAsync();
    }

    [Fact]
    public async Task Persistent_UnackedQoS1_RedeliveredWithDupAndSameId()
    {
        await using var harness = new BrokerHarness();
        var first = await harness.ConnectAsync("SB-1", clean: false);
        await first.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        harness.Broker.Publish(new PublishPacket("t", "pay"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });
        var original = await first.ExpectAsync<PublishPacket>();
        await first.DisposeAsync(); // no PUBACK
        await first.Served;

        await using var second = harness.Open();
        Assert.True(await second.ConnectAcceptedAsync("SB-1", clean: false));
        var again = await second.ExpectAsync<PublishPacket>();
        await second.SendAsync(new PubAckPacket(again.PacketId));
        await second.PingAsync();

        Assert.True(again.Dup);
        Assert.Equal(original with { Dup = true }, again);
        Assert.Equal(0, harness.Broker.Metrics.InflightMessages);
    }

    [Fact]
    public async Task Persistent_QoS2AfterPubRec_PubRelResentOnReconnect()
    {
        await using var harness = new BrokerHarness();
        var first = await harness.ConnectAsync("SB-1", clean: false);
        await first.SubscribeAsync("t", QualityOfService.ExactlyOnce);
        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.ExactlyOnce });
        var delivered = await first.ExpectAsync<PublishPacket>();
        await first.SendAsync(new PubRecPacket(delivered.PacketId));
        await first.ExpectAsync<PubRelPacket>();
        await first.DisposeAsync(); // no PUBCOMP
        await first.Served;

        await using var second = harness.Open();
        await second.ConnectAcceptedAsync("SB-1", clean: false);

        Assert.Equal(delivered.PacketId, (await second.ExpectAsync<PubRelPacket>()).PacketId);
    }

    [Fact]
    public async Task Persistent_ThenCleanSession_OldSessionDiscarded()
    {
        await using var harness = new BrokerHarness();
        var first = await harness.ConnectAsync("SB-1", clean: false);
        await first.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        await first.DisposeAsync();
        await first.Served;
        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });

        await using var second = harness.Open();
        Assert.False(await second.ConnectAcceptedAsync("SB-1", clean: true));

        await second.PingAsync(); // nothing queued is delivered to a clean session
        Assert.Equal(0, harness.Broker.Metrics.Subscriptions);
        Assert.Equal(0, harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray())));
    }

    [Fact]
    public async Task Clean_AfterDisconnect_SessionGone()
    {
        await using var harness = new BrokerHarness();
        var first = await harness.ConnectAsync("SB-1");
        await first.SubscribeAsync("t");
        await first.DisconnectAsync();
        await first.Served;

        await using var second = harness.Open();

        Assert.False(await second.ConnectAcceptedAsync("SB-1", clean: false));
    }

    [Fact]
    public async Task Takeover_SameClientId_FirstConnectionClosedWithWill()
    {
        await using var harness = new BrokerHarness();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("status");
        await using var first = harness.Open();
        await first.ConnectAcceptedAsync("SB-1", will: new WillMessage("status", "gone"u8.ToArray()));

        await using var second = await harness.ConnectAsync("SB-1");

        await first.ExpectClosedAsync();
        await first.Served;
        Assert.Equal("gone"u8.ToArray(), (await watcher.ExpectAsync<PublishPacket>()).Payload.ToArray());
        await second.PingAsync();
        Assert.Equal(1, harness.Broker.Metrics.Takeovers);
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("taken over", StringComparison.Ordinal) && line.Contains("[MQTT-3.1.4-2]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Takeover_PersistentSession_NewConnectionInheritsSubscriptionsAndInFlight()
    {
        await using var harness = new BrokerHarness();
        await using var first = await harness.ConnectAsync("SB-1", clean: false);
        await first.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });
        var delivered = await first.ExpectAsync<PublishPacket>();

        await using var second = harness.Open();
        Assert.True(await second.ConnectAcceptedAsync("SB-1", clean: false));

        Assert.Equal(delivered with { Dup = true }, await second.ExpectAsync<PublishPacket>());
        await first.ExpectClosedAsync();
        harness.Broker.Publish(new PublishPacket("t", "y"u8.ToArray()));
        Assert.Equal("y"u8.ToArray(), (await second.ExpectAsync<PublishPacket>()).Payload.ToArray());
    }

    [Fact]
    public async Task Takeover_ManyTimesConcurrently_OneSurvivorNoErrors()
    {
        await using var harness = new BrokerHarness();
        var clients = Enumerable.Range(0, 20).Select(_ => harness.Open()).ToList();

        await Task.WhenAll(clients.Select(client => client.ConnectAsync(RawClient.Connect("SB-1", clean: false))));
        await harness.Broker.DisposeAsync();
        await Task.WhenAll(clients.Select(client => client.Served));

        Assert.Equal(19, harness.Broker.Metrics.Takeovers);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
