using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerSubscribeTests
{
    [Theory]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("sport/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "a/b/c", true)]
    [InlineData("a/+/c", "a/b/c/d", false)]
    [InlineData("devices/SB-1/#", "devices/SB-2/notify", false)]
    public async Task Subscribe_Wildcards_MatchAsSection471Says(string filter, string topic, bool delivered)
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync(filter);

        harness.Broker.Publish(new PublishPacket(topic, "x"u8.ToArray()));

        if (delivered)
        {
            Assert.Equal(topic, (await subscriber.ExpectAsync<PublishPacket>()).Topic);
        }
        else
        {
            await subscriber.PingAsync();
        }
    }

    [Fact]
    public async Task Subscribe_SeveralFilters_OneReturnCodePerFilterInOrder()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");

        await subscriber.SendAsync(new SubscribePacket(42,
            new TopicSubscription("a", QualityOfService.ExactlyOnce),
            new TopicSubscription("b", QualityOfService.AtMostOnce),
            new TopicSubscription("c", QualityOfService.AtLeastOnce)));

        Assert.Equal(new SubAckPacket(42, SubAckReturnCode.SuccessMaximumQoS2, SubAckReturnCode.SuccessMaximumQoS0, SubAckReturnCode.SuccessMaximumQoS1),
            await subscriber.ExpectAsync<SubAckPacket>());
    }

    [Fact]
    public async Task Subscribe_SameFilterAgain_ReplacesQoS()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        await subscriber.SubscribeAsync("t", QualityOfService.AtMostOnce, packetId: 2);

        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });

        Assert.Equal(QualityOfService.AtMostOnce, (await subscriber.ExpectAsync<PublishPacket>()).QoS);
        Assert.Equal(1, harness.Broker.Metrics.Subscriptions);
    }

    [Fact]
    public async Task Unsubscribe_Filter_UnsubAckAndNoMoreMessages()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("a/#");
        await subscriber.SubscribeAsync("b", packetId: 2);

        await subscriber.SendAsync(new UnsubscribePacket(3, "a/#", "never/subscribed"));
        Assert.Equal(3, (await subscriber.ExpectAsync<UnsubAckPacket>()).PacketId);
        harness.Broker.Publish(new PublishPacket("a/x", "1"u8.ToArray()));
        harness.Broker.Publish(new PublishPacket("b", "2"u8.ToArray()));

        Assert.Equal("b", (await subscriber.ExpectAsync<PublishPacket>()).Topic);
        Assert.Equal(1, harness.Broker.Metrics.Subscriptions);
    }

    [Fact]
    public async Task Subscribe_InvalidFilter_ConnectionClosedAsTheCodecRejectsIt()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");

        // SUBSCRIBE id 1, filter "a/#/b" QoS 0: '#' not last (MQTT-4.7.1-2); Mosquitto also disconnects.
        await subscriber.SendRawAsync(0x82, 0x0A, 0x00, 0x01, 0x00, 0x05, (byte)'a', (byte)'/', (byte)'#', (byte)'/', (byte)'b', 0x00);

        await subscriber.ExpectClosedAsync();
        await subscriber.Served;
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("MQTT-4.7.1-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_ClientDisconnects_CleanSessionSubscriptionsRemoved()
    {
        await using var harness = new BrokerHarness();
        var subscriber = await harness.ConnectAsync("sub");
        await subscriber.SubscribeAsync("a/b/c");

        await subscriber.DisconnectAsync();
        await subscriber.Served;
        await subscriber.DisposeAsync();

        Assert.Equal(0, harness.Broker.Metrics.Subscriptions);
        Assert.Equal(0, harness.Broker.Metrics.Sessions);
        Assert.Equal(0, harness.Broker.Publish(new PublishPacket("a/b/c", "x"u8.ToArray())));
    }
}
