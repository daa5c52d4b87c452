using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerPublishTests
{
    [Theory]
    [InlineData(QualityOfService.AtMostOnce)]
    [InlineData(QualityOfService.AtLeastOnce)]
    [InlineData(QualityOfService.ExactlyOnce)]
    public async Task Publish_SameQoSBothSides_DeliveredWithThatQoSAndRetainCleared(QualityOfService qos)
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await using var publisher = await harness.ConnectAsync("pub");
        Assert.Equal([(SubAckReturnCode)qos], (await subscriber.SubscribeAsync("devices/+/notify", qos)).ReturnCodes);

        await publisher.PublishAsync("devices/SB-1/notify", "1005000", qos);
        var delivered = await subscriber.ExpectAsync<PublishPacket>();

        Assert.Equal("devices/SB-1/notify", delivered.Topic);
        Assert.Equal("1005000"u8.ToArray(), delivered.Payload.ToArray());
        Assert.Equal(qos, delivered.QoS);
        Assert.False(delivered.Retain);
        Assert.False(delivered.Dup);
        Assert.Equal(qos == QualityOfService.AtMostOnce, delivered.PacketId == 0);
    }

    [Theory]
    [InlineData(QualityOfService.ExactlyOnce, QualityOfService.AtMostOnce, QualityOfService.AtMostOnce)]
    [InlineData(QualityOfService.ExactlyOnce, QualityOfService.AtLeastOnce, QualityOfService.AtLeastOnce)]
    [InlineData(QualityOfService.AtLeastOnce, QualityOfService.ExactlyOnce, QualityOfService.AtLeastOnce)]
    [InlineData(QualityOfService.AtMostOnce, QualityOfService.ExactlyOnce, QualityOfService.AtMostOnce)]
    public async Task Publish_DifferentQoS_DeliveredAtTheLower(QualityOfService published, QualityOfService subscribed, QualityOfService expected)
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await using var publisher = await harness.ConnectAsync("pub");
        await subscriber.SubscribeAsync("t", subscribed);

        await publisher.PublishAsync("t", "x", published);

        Assert.Equal(expected, (await subscriber.ExpectAsync<PublishPacket>()).QoS);
    }

    [Fact]
    public async Task Publish_QoS1Delivery_StaysInFlightUntilPubAck()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("t", QualityOfService.AtLeastOnce);

        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });
        var delivered = await subscriber.ExpectAsync<PublishPacket>();
        var inflightBefore = harness.Broker.Metrics.InflightMessages;
        await subscriber.SendAsync(new PubAckPacket(delivered.PacketId));
        await subscriber.PingAsync();

        Assert.Equal(1, inflightBefore);
        Assert.Equal(0, harness.Broker.Metrics.InflightMessages);
    }

    [Fact]
    public async Task Publish_QoS2Delivery_FollowsPubRecPubRelPubComp()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("t", QualityOfService.ExactlyOnce);

        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.ExactlyOnce });
        var delivered = await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.SendAsync(new PubRecPacket(delivered.PacketId));
        var release = await subscriber.ExpectAsync<PubRelPacket>();
        await subscriber.SendAsync(new PubCompPacket(delivered.PacketId));
        await subscriber.PingAsync();

        Assert.Equal(delivered.PacketId, release.PacketId);
        Assert.Equal(0, harness.Broker.Metrics.InflightMessages);
    }

    [Fact]
    public async Task Publish_InboundQoS2ResentBeforePubRel_RoutedOnce()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await using var publisher = await harness.ConnectAsync("pub");
        await subscriber.SubscribeAsync("t");
        var publish = new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.ExactlyOnce, PacketId = 7 };

        await publisher.SendAsync(publish);
        await publisher.ExpectAsync<PubRecPacket>();
        await publisher.SendAsync(publish with { Dup = true });
        Assert.Equal(7, (await publisher.ExpectAsync<PubRecPacket>()).PacketId);
        await publisher.SendAsync(new PubRelPacket(7));
        Assert.Equal(7, (await publisher.ExpectAsync<PubCompPacket>()).PacketId);

        await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.PingAsync(); // a second copy would have come before the PINGRESP
    }

    [Fact]
    public async Task Publish_OverlappingSubscriptions_DeliveredOnceAtHighestQoS()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SendAsync(new SubscribePacket(1,
            new TopicSubscription("devices/#", QualityOfService.AtMostOnce),
            new TopicSubscription("devices/+/notify", QualityOfService.AtLeastOnce),
            new TopicSubscription("devices/SB-1/notify", QualityOfService.AtMostOnce)));
        await subscriber.ExpectAsync<SubAckPacket>();

        harness.Broker.Publish(new PublishPacket("devices/SB-1/notify", "x"u8.ToArray()) { QoS = QualityOfService.ExactlyOnce });

        Assert.Equal(QualityOfService.AtLeastOnce, (await subscriber.ExpectAsync<PublishPacket>()).QoS);
        await subscriber.PingAsync();
    }

    [Fact]
    public async Task Publish_ToManySubscribersAtQoS0_AllShareOnePacketAndEachGetsIt()
    {
        await using var harness = new BrokerHarness();
        var subscribers = new List<RawClient>();
        for (var i = 0; i < 50; i++)
        {
            var subscriber = await harness.ConnectAsync($"sub-{i}");
            await subscriber.SubscribeAsync(i % 2 == 0 ? "broadcast/#" : "broadcast/+");
            subscribers.Add(subscriber);
        }

        var queued = harness.Broker.Publish(new PublishPacket("broadcast/all", "x"u8.ToArray()));

        Assert.Equal(50, queued);
        foreach (var subscriber in subscribers)
        {
            Assert.Equal("broadcast/all", (await subscriber.ExpectAsync<PublishPacket>()).Topic);
            await subscriber.DisposeAsync();
        }
    }

    [Fact]
    public async Task Publish_PacketIds_SkipIdsStillInFlight()
    {
        await using var harness = new BrokerHarness(options => options with { MaxInflightMessagesPerSession = 3 });
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        var ids = new List<ushort>();

        // Keep id 1 in flight and acknowledge every other one: allocation wraps at 65535 and must skip 1.
        Publish(harness, 1);
        var held = await subscriber.ExpectAsync<PublishPacket>();
        for (var i = 0; i < 65_535; i++)
        {
            Publish(harness, 1);
            var delivered = await subscriber.ExpectAsync<PublishPacket>();
            ids.Add(delivered.PacketId);
            await subscriber.SendAsync(new PubAckPacket(delivered.PacketId));
        }

        Assert.Equal(1, held.PacketId);
        Assert.DoesNotContain((ushort)1, ids);
        Assert.DoesNotContain((ushort)0, ids);
        Assert.Equal((ushort)2, ids[^1]); // 2..65535, then 2 again
    }

    [Fact]
    public async Task Publish_InFlightWindowFull_NextWaitsForAnAck()
    {
        await using var harness = new BrokerHarness(options => options with { MaxInflightMessagesPerSession = 2 });
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("t", QualityOfService.AtLeastOnce);

        for (var i = 0; i < 3; i++)
        {
            Publish(harness, 1);
        }

        var first = await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.PingAsync(); // the third is held back
        await subscriber.SendAsync(new PubAckPacket(first.PacketId));

        Assert.Equal(QualityOfService.AtLeastOnce, (await subscriber.ExpectAsync<PublishPacket>()).QoS);
    }

    [Fact]
    public async Task Publish_DollarTopic_NotMatchedByLeadingWildcards()
    {
        await using var harness = new BrokerHarness();
        await using var wildcard = await harness.ConnectAsync("wildcard");
        await using var plus = await harness.ConnectAsync("plus");
        await using var explicitSys = await harness.ConnectAsync("sys");
        await wildcard.SubscribeAsync("#");
        await plus.SubscribeAsync("+/uptime");
        await explicitSys.SubscribeAsync("$SYS/#");

        harness.Broker.Publish(new PublishPacket("$SYS/uptime", "1"u8.ToArray()));
        harness.Broker.Publish(new PublishPacket("normal/uptime", "2"u8.ToArray()));

        Assert.Equal("$SYS/uptime", (await explicitSys.ExpectAsync<PublishPacket>()).Topic);
        Assert.Equal("normal/uptime", (await wildcard.ExpectAsync<PublishPacket>()).Topic);
        Assert.Equal("normal/uptime", (await plus.ExpectAsync<PublishPacket>()).Topic);
    }

    [Fact]
    public async Task Publish_ClientPublishes_MetricsCountInAndOut()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await using var publisher = await harness.ConnectAsync("pub");
        await subscriber.SubscribeAsync("t");

        await publisher.PublishAsync("t", "hello", QualityOfService.AtLeastOnce);
        await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.PingAsync();

        var metrics = harness.Broker.Metrics;
        Assert.Equal(1, metrics.MessagesReceived);
        Assert.Equal(1, metrics.MessagesSent);
        Assert.True(metrics.BytesReceived > 0);
        Assert.True(metrics.BytesSent > 0);
        Assert.Equal(2, metrics.ConnectedClients);
        Assert.Equal(2, metrics.Sessions);
        Assert.Equal(1, metrics.Subscriptions);
    }

    private static void Publish(BrokerHarness harness, byte value) =>
        harness.Broker.Publish(new PublishPacket("t", new[] { value }) { QoS = QualityOfService.AtLeastOnce });
}
