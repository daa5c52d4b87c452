using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerQueueTests
{
    [Fact]
    public async Task Queue_OfflinePersistentSessionOverflows_OldestDroppedAndCounted()
    {
        await using var harness = new BrokerHarness(options => options with { MaxQueuedMessagesPerSession = 1_000 });
        var device = await harness.ConnectAsync("SB-1", clean: false);
        await device.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        await device.DisposeAsync();
        await device.Served;

        for (var i = 0; i < 1_005; i++)
        {
            harness.Broker.Publish(new PublishPacket("t", BitConverter.GetBytes(i)) { QoS = QualityOfService.AtLeastOnce });
        }

        Assert.Equal(5, harness.Broker.Metrics.MessagesDropped);
        Assert.Equal(1_000, harness.Broker.Metrics.QueuedMessages);
        Assert.Equal(1_000, harness.Broker.Metrics.MaxQueuedMessages);
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("client 'SB-1': its queue is full (1000 messages)", StringComparison.Ordinal));

        await using var back = harness.Open();
        await back.ConnectAcceptedAsync("SB-1", clean: false);
        for (var i = 5; i < 1_005; i++)
        {
            var message = await back.ExpectAsync<PublishPacket>();
            Assert.Equal(i, BitConverter.ToInt32(message.Payload.Span));
            await back.SendAsync(new PubAckPacket(message.PacketId));
        }

        await back.PingAsync();
        Assert.Equal(0, harness.Broker.Metrics.QueuedMessages);
    }

    [Fact]
    public async Task Queue_FullWithMixedQoS_DropsOldestQoS0First()
    {
        // One message in flight (window 1) and never acknowledged, so the rest wait in a queue of 3.
        await using var harness = new BrokerHarness(options => options with { MaxQueuedMessagesPerSession = 3, MaxInflightMessagesPerSession = 1 });
        await using var device = await harness.ConnectAsync("SB-1");
        await device.SendAsync(new SubscribePacket(1, new TopicSubscription("q1", QualityOfService.AtLeastOnce), new TopicSubscription("q0", QualityOfService.AtMostOnce)));
        await device.ExpectAsync<SubAckPacket>();
        Send(harness, "q1", "a1");
        var inFlight = await device.ExpectAsync<PublishPacket>();

        Send(harness, "q1", "a2");
        Send(harness, "q0", "b1");
        Send(harness, "q1", "a3"); // queue: a2 b1 a3, full
        Send(harness, "q0", "b2"); // drops b1 → a2 a3 b2
        Send(harness, "q1", "a4"); // drops b2 → a2 a3 a4
        Send(harness, "q0", "b3"); // no QoS 0 queued: drops b3 itself
        Send(harness, "q1", "a5"); // all QoS 1: drops a2 → a3 a4 a5

        Assert.Equal(4, harness.Broker.Metrics.MessagesDropped);
        var received = new List<string>();
        await device.SendAsync(new PubAckPacket(inFlight.PacketId));
        for (var i = 0; i < 3; i++)
        {
            var message = await device.ExpectAsync<PublishPacket>();
            received.Add(System.Text.Encoding.UTF8.GetString(message.Payload.Span));
            await device.SendAsync(new PubAckPacket(message.PacketId));
        }

        Assert.Equal(["a3", "a4", "a5"], received);
    }

    [Fact]
    public async Task Queue_RetainedOnSubscribeOverflow_CountedAsDrops()
    {
        await using var harness = new BrokerHarness(options => options with { MaxQueuedMessagesPerSession = 2, MaxInflightMessagesPerSession = 1 });
        for (var i = 0; i < 5; i++)
        {
            harness.Broker.Publish(new PublishPacket($"r/{i}", "x"u8.ToArray()) { Retain = true, QoS = QualityOfService.AtLeastOnce });
        }

        await using var device = await harness.ConnectAsync("SB-1");
        await device.SubscribeAsync("r/#", QualityOfService.AtLeastOnce);

        await device.ExpectAsync<PublishPacket>();
        Assert.Equal(3, harness.Broker.Metrics.MessagesDropped);
    }

    private static void Send(BrokerHarness harness, string topic, string payload) =>
        harness.Broker.Publish(new PublishPacket(topic, System.Text.Encoding.UTF8.GetBytes(payload)) { QoS = QualityOfService.AtLeastOnce });
}
