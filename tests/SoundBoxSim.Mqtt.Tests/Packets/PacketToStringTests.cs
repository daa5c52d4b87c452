using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Packets;

public sealed class PacketToStringTests
{
    [Fact]
    public void ToString_Publish_ShowsPayloadLengthNotType() =>
        Assert.Equal(
            "PublishPacket { PacketType = Publish, Topic = a/b, Payload = 2 bytes, QoS = AtLeastOnce, PacketId = 10, Retain = False, Dup = False }",
            new PublishPacket("a/b", "hi"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 10 }.ToString());

    [Fact]
    public void ToString_Connect_HidesPasswordBytes()
    {
        var text = new ConnectPacket("c1") { UserName = "u", Password = "secret"u8.ToArray(), Will = new WillMessage("w", new byte[3]) }.ToString();

        Assert.Contains("Password = 6 bytes", text, StringComparison.Ordinal);
        Assert.Contains("Will = WillMessage { Topic = w, Payload = 3 bytes, QoS = AtMostOnce, Retain = False }", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Subscribe_ListsFilters() =>
        Assert.Equal(
            "SubscribePacket { PacketType = Subscribe, PacketId = 10, Subscriptions = [a/b AtLeastOnce, c/+ ExactlyOnce] }",
            new SubscribePacket(10, new TopicSubscription("a/b", QualityOfService.AtLeastOnce), new TopicSubscription("c/+", QualityOfService.ExactlyOnce)).ToString());

    [Fact]
    public void ToString_SubAck_ListsReturnCodes() =>
        Assert.Equal(
            "SubAckPacket { PacketType = SubAck, PacketId = 1, ReturnCodes = [SuccessMaximumQoS1, Failure] }",
            new SubAckPacket(1, SubAckReturnCode.SuccessMaximumQoS1, SubAckReturnCode.Failure).ToString());

    [Fact]
    public void ToString_Unsubscribe_ListsFilters() =>
        Assert.Equal(
            "UnsubscribePacket { PacketType = Unsubscribe, PacketId = 1, TopicFilters = [a/#, b] }",
            new UnsubscribePacket(1, "a/#", "b").ToString());
}
