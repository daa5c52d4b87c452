using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>The writer refuses what the reader would refuse, with the same rules, and writes nothing.</summary>
public sealed class MqttPacketWriterViolationTests
{
    private static readonly byte[] TooLong = new byte[ushort.MaxValue + 1];

    private static readonly Dictionary<string, (MqttPacket Packet, string Rule)> Cases = new()
    {
        ["CONNECT password without user name"] = (new ConnectPacket("a") { Password = new byte[] { 1 } }, MqttRules.PasswordWithoutUserName),
        ["CONNECT empty client id without clean session"] = (new ConnectPacket(string.Empty) { CleanSession = false }, MqttRules.EmptyClientIdNeedsCleanSession),
        ["CONNECT will QoS 3"] = (new ConnectPacket("a") { Will = new WillMessage("w", TooLong.AsMemory(0, 1)) { QoS = (QualityOfService)3 } }, MqttRules.WillQoS),
        ["CONNECT will topic with wildcard"] = (new ConnectPacket("a") { Will = new WillMessage("w/#", ReadOnlyMemory<byte>.Empty) }, MqttRules.TopicNameWildcard),
        ["CONNECT will message too long"] = (new ConnectPacket("a") { Will = new WillMessage("w", TooLong) }, MqttRules.FieldLength),
        ["CONNECT password too long"] = (new ConnectPacket("a") { UserName = "u", Password = TooLong }, MqttRules.FieldLength),
        ["CONNECT client id with U+0000"] = (new ConnectPacket("a\0"), MqttRules.Utf8NullCharacter),
        ["CONNECT user name with lone surrogate"] = (new ConnectPacket("a") { UserName = "\uDC00" }, MqttRules.Utf8WellFormed),
        ["CONNACK return code 6"] = (new ConnAckPacket(false, (ConnectReturnCode)6), MqttRules.ConnAckReturnCode),
        ["CONNACK session present with refusal"] = (new ConnAckPacket(true, ConnectReturnCode.NotAuthorized), MqttRules.SessionPresentWithError),
        ["PUBLISH QoS 3"] = (new PublishPacket("t", default) { QoS = (QualityOfService)3, PacketId = 1 }, MqttRules.PublishQoS),
        ["PUBLISH QoS 0 with DUP"] = (new PublishPacket("t", default) { Dup = true }, MqttRules.DupWithQoS0),
        ["PUBLISH QoS 0 with packet id"] = (new PublishPacket("t", default) { PacketId = 5 }, MqttRules.PacketIdWithQoS0),
        ["PUBLISH QoS 1 without packet id"] = (new PublishPacket("t", default) { QoS = QualityOfService.AtLeastOnce }, MqttRules.PacketIdNonZero),
        ["PUBLISH topic with wildcard"] = (new PublishPacket("a/+", default), MqttRules.PublishTopicWildcard),
        ["PUBLISH empty topic"] = (new PublishPacket(string.Empty, default), MqttRules.TopicEmpty),
        ["PUBLISH topic too long"] = (new PublishPacket(new string('t', ushort.MaxValue + 1), default), MqttRules.FieldLength),
        ["PUBLISH topic two-byte chars too long"] = (new PublishPacket(new string('đ', 32_768), default), MqttRules.FieldLength),
        ["PUBACK packet id 0"] = (new PubAckPacket(0), MqttRules.PacketIdNonZero),
        ["PUBREC packet id 0"] = (new PubRecPacket(0), MqttRules.PacketIdNonZero),
        ["PUBREL packet id 0"] = (new PubRelPacket(0), MqttRules.PacketIdNonZero),
        ["PUBCOMP packet id 0"] = (new PubCompPacket(0), MqttRules.PacketIdNonZero),
        ["UNSUBACK packet id 0"] = (new UnsubAckPacket(0), MqttRules.PacketIdNonZero),
        ["SUBSCRIBE no filter"] = (new SubscribePacket(1), MqttRules.SubscribeEmpty),
        ["SUBSCRIBE packet id 0"] = (new SubscribePacket(0, new TopicSubscription("a", QualityOfService.AtMostOnce)), MqttRules.PacketIdNonZero),
        ["SUBSCRIBE QoS 3"] = (new SubscribePacket(1, new TopicSubscription("a", (QualityOfService)3)), MqttRules.SubscribeQoS),
        ["SUBSCRIBE '#' not last"] = (new SubscribePacket(1, new TopicSubscription("a/#/b", QualityOfService.AtMostOnce)), MqttRules.MultiLevelWildcard),
        ["SUBACK no return code"] = (new SubAckPacket(1), MqttRules.ProtocolViolation),
        ["SUBACK return code 3"] = (new SubAckPacket(1, (SubAckReturnCode)3), MqttRules.SubAckReturnCode),
        ["UNSUBSCRIBE no filter"] = (new UnsubscribePacket(1), MqttRules.UnsubscribeEmpty),
        ["UNSUBSCRIBE '+' inside level"] = (new UnsubscribePacket(1, "+a"), MqttRules.SingleLevelWildcard),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Write_Violation_ThrowsRuleAndWritesNothing(string name)
    {
        var (packet, rule) = Cases[name];
        var output = new ArrayBufferWriter<byte>();

        var error = Assert.Throws<MqttProtocolException>(() => MqttPacketWriter.Write(packet, output));

        Assert.Equal(rule, error.Rule);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_LongestFields_Succeeds()
    {
        var packet = new ConnectPacket("a")
        {
            UserName = new string('u', ushort.MaxValue),
            Password = TooLong.AsMemory(1),
            Will = new WillMessage(new string('w', ushort.MaxValue), TooLong.AsMemory(1)),
        };

        Assert.Equal(1 + 3 + 10 + 3 + (4 * (2 + ushort.MaxValue)), MqttPacketWriter.GetFrameSize(packet));
    }
}
