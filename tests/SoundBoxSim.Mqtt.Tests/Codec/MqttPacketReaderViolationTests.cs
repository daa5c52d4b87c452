using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>One malformed frame per rule, written by hand; the message must show the offending value.</summary>
public sealed class MqttPacketReaderViolationTests
{
    // Shared CONNECT prefix: 00 04 "MQTT" 04 (protocol name and level 4).
    private const string Mqtt4 = "00 04 4D 51 54 54 04";

    private static readonly Dictionary<string, (string Hex, string Rule, string Shows)> Cases = new()
    {
        // Fixed header: type and flags (sections 2.2.1, 2.2.2).
        ["type 0 reserved"] = ("00 00", MqttRules.PacketTypeReserved, "type 0"),
        ["type 15 reserved"] = ("F0 00", MqttRules.PacketTypeReserved, "type 15"),
        ["CONNECT flags 0001"] = ("11 00", MqttRules.FixedHeaderFlags, "0001"),
        ["CONNACK flags 0001"] = ("21 02 00 00", MqttRules.FixedHeaderFlags, "0001"),
        ["PUBACK flags 0010"] = ("42 02 00 0A", MqttRules.FixedHeaderFlags, "0010"),
        ["PINGREQ flags 0001"] = ("C1 00", MqttRules.FixedHeaderFlags, "PINGREQ"),
        ["DISCONNECT flags 1000"] = ("E8 00", MqttRules.FixedHeaderFlags, "1000"),
        ["PUBREL flags 0000"] = ("60 02 00 0A", MqttRules.PubRelFlags, "0000"),
        ["SUBSCRIBE flags 0000"] = ("80 06 00 02 00 01 23 00", MqttRules.SubscribeFlags, "0000"),
        ["UNSUBSCRIBE flags 0011"] = ("A3 05 00 02 00 01 23", MqttRules.UnsubscribeFlags, "0011"),

        // Remaining length (section 2.2.3) and fixed packet lengths.
        ["remaining length fifth byte"] = ("30 FF FF FF FF 01", MqttRules.RemainingLength, "fourth byte"),
        ["CONNACK remaining length 3"] = ("20 03 00 00 00", MqttRules.ProtocolViolation, "is 3"),
        ["PUBACK remaining length 3"] = ("40 03 00 0A 00", MqttRules.ProtocolViolation, "is 3"),
        ["UNSUBACK remaining length 1"] = ("B0 01 00", MqttRules.ProtocolViolation, "is 1"),
        ["PINGREQ remaining length 1"] = ("C0 01 00", MqttRules.ProtocolViolation, "is 1"),
        ["DISCONNECT remaining length 2"] = ("E0 02 00 00", MqttRules.ProtocolViolation, "is 2"),

        // UTF-8 strings (section 1.5.3), here in a PUBLISH topic.
        ["lone continuation byte"] = ("30 04 00 02 61 80", MqttRules.Utf8WellFormed, "80"),
        ["encoded surrogate ED A0 80"] = ("30 05 00 03 ED A0 80", MqttRules.Utf8WellFormed, "surrogate"),
        ["overlong '/' C0 AF"] = ("30 04 00 02 C0 AF", MqttRules.Utf8WellFormed, "C0AF"),
        ["code point above U+10FFFF"] = ("30 06 00 04 F4 90 80 80", MqttRules.Utf8WellFormed, "F4908080"),
        ["sequence cut by string end"] = ("30 04 00 02 61 C4", MqttRules.Utf8WellFormed, "offset 1"),
        ["U+0000"] = ("30 05 00 03 61 00 62", MqttRules.Utf8NullCharacter, "character 1"),
        ["string length past frame"] = ("30 03 00 05 74", MqttRules.ProtocolViolation, "claims 5 bytes"),
        ["string length prefix cut"] = ("30 01 00", MqttRules.ProtocolViolation, "topic name length"),

        // CONNECT (section 3.1).
        ["protocol name MQIsdp"] = ("10 0E 00 06 4D 51 49 73 64 70 03 02 00 00 00 00", MqttRules.ProtocolName, "\"MQIsdp\""),
        ["protocol level 5"] = ("10 0C 00 04 4D 51 54 54 05 02 00 00 00 00", MqttRules.ProtocolLevel, "level is 5"),
        ["protocol level 3"] = ("10 0C 00 04 4D 51 54 54 03 02 00 00 00 00", MqttRules.ProtocolLevel, "level is 3"),
        ["connect reserved flag"] = ($"10 0C {Mqtt4} 03 00 00 00 00", MqttRules.ConnectReservedFlag, "0x03"),
        ["will QoS without will"] = ($"10 0C {Mqtt4} 0A 00 00 00 00", MqttRules.WillQoSWithoutWill, "0x0A"),
        ["will retain without will"] = ($"10 0C {Mqtt4} 22 00 00 00 00", MqttRules.WillRetainWithoutWill, "0x22"),
        ["will QoS 3"] = ($"10 0C {Mqtt4} 1E 00 00 00 00", MqttRules.WillQoS, "0x1E"),
        ["password without user name"] = ($"10 0C {Mqtt4} 42 00 00 00 00", MqttRules.PasswordWithoutUserName, "0x42"),
        ["empty client id without clean session"] = ($"10 0C {Mqtt4} 00 00 00 00 00", MqttRules.EmptyClientIdNeedsCleanSession, "empty"),
        ["will flag without will topic"] = ($"10 0D {Mqtt4} 06 00 00 00 01 61", MqttRules.ProtocolViolation, "will topic length"),
        ["will topic with wildcard"] = ($"10 14 {Mqtt4} 06 00 00 00 01 61 00 03 61 2F 23 00 00", MqttRules.TopicNameWildcard, "\"a/#\""),
        ["will topic empty"] = ($"10 11 {Mqtt4} 06 00 00 00 01 61 00 00 00 00", MqttRules.TopicEmpty, "will topic"),
        ["user name flag without user name"] = ($"10 0D {Mqtt4} 82 00 00 00 01 61", MqttRules.ProtocolViolation, "user name length"),
        ["user name without its flag"] = ($"10 10 {Mqtt4} 02 00 00 00 01 61 00 01 75", MqttRules.ProtocolViolation, "3 byte(s) left over"),
        ["protocol name cut"] = ("10 02 00 04", MqttRules.ProtocolViolation, "claims 4 bytes"),

        // CONNACK (section 3.2).
        ["CONNACK reserved flag bits"] = ("20 02 02 00", MqttRules.ConnAckReservedFlags, "0x02"),
        ["CONNACK return code 6"] = ("20 02 00 06", MqttRules.ConnAckReturnCode, "0x06"),
        ["CONNACK session present with refusal"] = ("20 02 01 05", MqttRules.SessionPresentWithError, "0x05"),

        // PUBLISH (section 3.3).
        ["PUBLISH QoS 3"] = ("36 05 00 01 74 00 01", MqttRules.PublishQoS, "0110"),
        ["PUBLISH QoS 0 with DUP"] = ("38 03 00 01 74", MqttRules.DupWithQoS0, "1000"),
        ["PUBLISH topic with '+'"] = ("30 05 00 03 61 2F 2B", MqttRules.PublishTopicWildcard, "\"a/+\""),
        ["PUBLISH topic '#'"] = ("30 03 00 01 23", MqttRules.PublishTopicWildcard, "'#'"),
        ["PUBLISH empty topic"] = ("30 02 00 00", MqttRules.TopicEmpty, "empty"),
        ["PUBLISH QoS 1 packet id 0"] = ("32 05 00 01 74 00 00", MqttRules.PacketIdNonZero, "PUBLISH"),
        ["PUBLISH QoS 2 packet id cut"] = ("34 04 00 01 74 00", MqttRules.ProtocolViolation, "packet identifier"),

        // Acknowledgments and identifiers (section 2.3.1).
        ["PUBACK packet id 0"] = ("40 02 00 00", MqttRules.PacketIdNonZero, "PUBACK"),
        ["PUBREL packet id 0"] = ("62 02 00 00", MqttRules.PacketIdNonZero, "PUBREL"),
        ["UNSUBACK packet id 0"] = ("B0 02 00 00", MqttRules.PacketIdNonZero, "UNSUBACK"),

        // SUBSCRIBE and SUBACK (sections 3.8, 3.9, 4.7).
        ["SUBSCRIBE no filter"] = ("82 02 00 0A", MqttRules.SubscribeEmpty, "at least one"),
        ["SUBSCRIBE QoS 3"] = ("82 06 00 0A 00 01 23 03", MqttRules.SubscribeQoS, "0x03"),
        ["SUBSCRIBE reserved QoS bits"] = ("82 06 00 0A 00 01 23 41", MqttRules.SubscribeQoS, "0x41"),
        ["SUBSCRIBE QoS byte missing"] = ("82 05 00 0A 00 01 23", MqttRules.ProtocolViolation, "requested QoS"),
        ["SUBSCRIBE packet id 0"] = ("82 06 00 00 00 01 23 00", MqttRules.PacketIdNonZero, "SUBSCRIBE"),
        ["SUBSCRIBE '#' not last"] = ("82 08 00 0A 00 03 23 2F 61 00", MqttRules.MultiLevelWildcard, "\"#/a\""),
        ["SUBSCRIBE '#' inside level"] = ("82 07 00 0A 00 02 61 23 00", MqttRules.MultiLevelWildcard, "\"a#\""),
        ["SUBSCRIBE '+' inside level"] = ("82 07 00 0A 00 02 61 2B 00", MqttRules.SingleLevelWildcard, "\"a+\""),
        ["SUBSCRIBE empty filter"] = ("82 05 00 0A 00 00 00", MqttRules.TopicEmpty, "empty"),
        ["SUBACK return code 3"] = ("90 03 00 0A 03", MqttRules.SubAckReturnCode, "0x03"),
        ["SUBACK return code 0x81"] = ("90 04 00 0A 00 81", MqttRules.SubAckReturnCode, "0x81"),
        ["SUBACK no return code"] = ("90 02 00 0A", MqttRules.ProtocolViolation, "no return code"),

        // UNSUBSCRIBE (section 3.10).
        ["UNSUBSCRIBE no filter"] = ("A2 02 00 0A", MqttRules.UnsubscribeEmpty, "at least one"),
        ["UNSUBSCRIBE '+' inside level"] = ("A2 06 00 0A 00 02 2B 61", MqttRules.SingleLevelWildcard, "\"+a\""),
        ["UNSUBSCRIBE packet id 0"] = ("A2 05 00 00 00 01 23", MqttRules.PacketIdNonZero, "UNSUBSCRIBE"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_Violation_ThrowsProtocolExceptionNamingRuleAndValue(string name)
    {
        var (hex, rule, shows) = Cases[name];

        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes(hex)), out _, out _, out _));

        Assert.Equal(rule, error.Rule);
        Assert.Contains(shows, error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"[{rule}]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_ViolationOneBytePerSegment_ThrowsSameRule(string name)
    {
        var (hex, rule, _) = Cases[name];

        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(TestSequence.OnePerSegment(Hex.Bytes(hex)), out _, out _, out _));

        Assert.Equal(rule, error.Rule);
    }

    [Theory]
    [InlineData("protocol level 5", ConnectReturnCode.UnacceptableProtocolVersion)]
    [InlineData("protocol level 3", ConnectReturnCode.UnacceptableProtocolVersion)]
    [InlineData("empty client id without clean session", ConnectReturnCode.IdentifierRejected)]
    public void TryRead_ConnectTheServerMustRefuse_CarriesConnAckCode(string name, ConnectReturnCode expected)
    {
        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes(Cases[name].Hex)), out _, out _, out _));

        Assert.Equal(expected, error.ConnectReturnCode);
    }

    [Theory]
    [InlineData("protocol name MQIsdp")]
    [InlineData("connect reserved flag")]
    [InlineData("PUBLISH QoS 3")]
    public void TryRead_OtherViolations_CarryNoConnAckCode(string name)
    {
        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes(Cases[name].Hex)), out _, out _, out _));

        Assert.Null(error.ConnectReturnCode);
    }

    [Fact]
    public void TryRead_Mqtt5ConnectWithProperties_ThrowsProtocolLevelBeforeReadingProperties()
    {
        // An MQTT 5 CONNECT: level 5, flags 02, keep alive 60, properties length 0, client id "a".
        var frame = Hex.Bytes("10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 61");

        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(frame), out _, out _, out _));

        Assert.Equal(MqttRules.ProtocolLevel, error.Rule);
    }

    private static MqttPacketReader CreateSut() => new();
}
