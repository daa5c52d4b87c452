using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerRetainedTests
{
    [Fact]
    public async Task Retained_NewSubscriber_GetsItWithRetainSetAfterSubAck()
    {
        await using var harness = new BrokerHarness();
        await using var publisher = await harness.ConnectAsync("pub");
        await publisher.PublishAsync("devices/SB-1/status", "online", QualityOfService.AtLeastOnce, retain: true);
        await using var subscriber = await harness.ConnectAsync("sub");

        await subscriber.SendAsync(new SubscribePacket(1, new TopicSubscription("devices/+/status", QualityOfService.AtLeastOnce)));

        Assert.IsType<SubAckPacket>(await subscriber.ReadAsync());
        var retained = await subscriber.ExpectAsync<PublishPacket>();
        Assert.True(retained.Retain); // MQTT-3.3.1-8
        Assert.Equal(QualityOfService.AtLeastOnce, retained.QoS);
        Assert.Equal("online"u8.ToArray(), retained.Payload.ToArray());
        Assert.Equal(1, harness.Broker.Metrics.RetainedMessages);
    }

    [Fact]
    public async Task Retained_ExistingSubscriber_GetsItWithRetainCleared()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("status");
        await using var publisher = await harness.ConnectAsync("pub");

        await publisher.PublishAsync("status", "online", retain: true);

        Assert.False((await subscriber.ExpectAsync<PublishPacket>()).Retain); // MQTT-3.3.1-9
    }

    [Fact]
    public async Task Retained_EmptyPayload_DeletesTheRetainedMessage()
    {
        await using var harness = new BrokerHarness();
        await using var publisher = await harness.ConnectAsync("pub");
        await publisher.PublishAsync("status", "online", retain: true);
        await publisher.PublishAsync("status", string.Empty, retain: true);
        await publisher.PingAsync();
        await using var subscriber = await harness.ConnectAsync("sub");

        await subscriber.SubscribeAsync("#");

        await subscriber.PingAsync();
        Assert.Equal(0, harness.Broker.Metrics.RetainedMessages);
    }

    [Fact]
    public async Task Retained_NewValue_ReplacesOld()
    {
        await using var harness = new BrokerHarness();
        harness.Broker.Publish(new PublishPacket("status", "1"u8.ToArray()) { Retain = true });
        harness.Broker.Publish(new PublishPacket("status", "2"u8.ToArray()) { Retain = true });
        await using var subscriber = await harness.ConnectAsync("sub");

        await subscriber.SubscribeAsync("status");

        Assert.Equal("2"u8.ToArray(), (await subscriber.ExpectAsync<PublishPacket>()).Payload.ToArray());
        await subscriber.PingAsync();
    }

    [Fact]
    public async Task Retained_QoSOnSubscribe_IsTheLowerOfMessageAndSubscription()
    {
        await using var harness = new BrokerHarness();
        harness.Broker.Publish(new PublishPacket("a", "x"u8.ToArray()) { Retain = true, QoS = QualityOfService.ExactlyOnce });
        harness.Broker.Publish(new PublishPacket("b", "x"u8.ToArray()) { Retain = true, QoS = QualityOfService.AtMostOnce });
        harness.Broker.Publish(new PublishPacket("c", "x"u8.ToArray()) { Retain = true, QoS = QualityOfService.AtLeastOnce });
        await using var subscriber = await harness.ConnectAsync("sub");

        await subscriber.SubscribeAsync("a", QualityOfService.AtLeastOnce);
        var a = await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.SubscribeAsync("b", QualityOfService.ExactlyOnce, packetId: 2);
        var b = await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.SubscribeAsync("c", QualityOfService.AtMostOnce, packetId: 3);
        var c = await subscriber.ExpectAsync<PublishPacket>();

        Assert.Equal(QualityOfService.AtLeastOnce, a.QoS);
        Assert.Equal(QualityOfService.AtMostOnce, b.QoS);
        Assert.Equal((QualityOfService.AtMostOnce, (ushort)0, true), (c.QoS, c.PacketId, c.Retain));
    }

    [Theory]
    [InlineData("#", new[] { "a", "a/b", "a/b/c", "x" })]
    [InlineData("a/#", new[] { "a", "a/b", "a/b/c" })]
    [InlineData("a/+", new[] { "a/b" })]
    [InlineData("+/+/c", new[] { "a/b/c" })]
    [InlineData("$SYS/#", new[] { "$SYS/uptime" })]
    [InlineData("+/uptime", new string[0])]
    public async Task Retained_WildcardSubscription_GetsEveryMatchingTopic(string filter, string[] expected)
    {
        await using var harness = new BrokerHarness();
        foreach (var topic in new[] { "a", "a/b", "a/b/c", "x", "$SYS/uptime" })
        {
            harness.Broker.Publish(new PublishPacket(topic, "x"u8.ToArray()) { Retain = true });
        }

        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync(filter);
        var topics = new List<string>();
        while (await subscriber.ExpectAfterPingOrPublishAsync() is { } publish)
        {
            topics.Add(publish.Topic);
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), topics.Order(StringComparer.Ordinal));
    }
}
