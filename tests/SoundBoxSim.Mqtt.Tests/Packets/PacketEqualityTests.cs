using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Packets;

public sealed class PacketEqualityTests
{
    [Fact]
    public void Equals_PublishSameBytesInOtherArrays_IsEqualWithSameHash()
    {
        var left = new PublishPacket("a/b", "hi"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 1 };
        var right = new PublishPacket("a/b", "xhi"u8.ToArray().AsMemory(1)) { QoS = QualityOfService.AtLeastOnce, PacketId = 1 };

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Equals_PublishOtherPayload_IsNotEqual() =>
        Assert.NotEqual(new PublishPacket("a", "hi"u8.ToArray()), new PublishPacket("a", "ho"u8.ToArray()));

    [Fact]
    public void Equals_PublishOtherFlag_IsNotEqual() =>
        Assert.NotEqual(new PublishPacket("a", default), new PublishPacket("a", default) { Retain = true });

    [Fact]
    public void Equals_ConnectNoPasswordAndEmptyPassword_AreNotEqual() =>
        Assert.NotEqual(new ConnectPacket("a") { UserName = "u" }, new ConnectPacket("a") { UserName = "u", Password = Array.Empty<byte>() });

    [Fact]
    public void Equals_ConnectWillsWithSameBytes_AreEqual()
    {
        var left = new ConnectPacket("a") { Will = new WillMessage("w", new byte[] { 1, 2 }), Password = new byte[] { 3 }, UserName = "u" };
        var right = new ConnectPacket("a") { Will = new WillMessage("w", new byte[] { 1, 2 }), Password = new byte[] { 3 }, UserName = "u" };

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Equals_SubscribeSameFiltersInOrder_IsEqual() =>
        Assert.Equal(
            new SubscribePacket(1, new TopicSubscription("a", QualityOfService.AtMostOnce), new TopicSubscription("b", QualityOfService.ExactlyOnce)),
            new SubscribePacket(1, [new TopicSubscription("a", QualityOfService.AtMostOnce), new TopicSubscription("b", QualityOfService.ExactlyOnce)]));

    [Fact]
    public void Equals_SubscribeOtherOrder_IsNotEqual() =>
        Assert.NotEqual(
            new SubscribePacket(1, new TopicSubscription("a", QualityOfService.AtMostOnce), new TopicSubscription("b", QualityOfService.AtMostOnce)),
            new SubscribePacket(1, new TopicSubscription("b", QualityOfService.AtMostOnce), new TopicSubscription("a", QualityOfService.AtMostOnce)));

    [Fact]
    public void Equals_DifferentPacketTypesWithSameId_AreNotEqual() =>
        Assert.NotEqual<MqttPacket>(new PubAckPacket(1), new PubCompPacket(1));

    [Fact]
    public void Ctor_SourceListChangedAfterwards_PacketKeepsItsCopy()
    {
        var filters = new List<string> { "a/b" };
        var packet = new UnsubscribePacket(1, filters);

        filters.Add("c/d");

        Assert.Equal(["a/b"], packet.TopicFilters);
        Assert.IsNotType<List<string>>(packet.TopicFilters);
    }

    [Fact]
    public void With_ChangedPacketId_KeepsTheOtherMembers()
    {
        var packet = new SubAckPacket(1, SubAckReturnCode.Failure);

        var copy = packet with { PacketId = 2 };

        Assert.Equal(new SubAckPacket(2, SubAckReturnCode.Failure), copy);
    }

    [Fact]
    public void Instance_NewPingReq_IsEqual() => Assert.Equal(PingReqPacket.Instance, new PingReqPacket());

    [Theory]
    [InlineData(typeof(ConnectPacket), MqttPacketType.Connect)]
    [InlineData(typeof(DisconnectPacket), MqttPacketType.Disconnect)]
    public void PacketType_EachRecord_NamesItsType(Type type, MqttPacketType expected)
    {
        var packet = type == typeof(ConnectPacket) ? (MqttPacket)new ConnectPacket("a") : DisconnectPacket.Instance;

        Assert.Equal(expected, packet.PacketType);
    }
}
