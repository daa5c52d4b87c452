using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>
/// One or more frames per packet type, each written by hand from the MQTT 3.1.1 OASIS standard (section 2.2
/// fixed header, section 3 per packet), never produced by our encoder. The comment under each frame reads it.
/// </summary>
internal static class GoldenFrames
{
    public static readonly IReadOnlyDictionary<string, (string Hex, MqttPacket Packet)> All = new Dictionary<string, (string, MqttPacket)>
    {
        // 0x10 CONNECT, remaining 18 | "MQTT" | level 4 | flags 0x02 clean session | keep alive 60 | client id "sb-001".
        ["CONNECT minimal"] = (
            "10 12 00 04 4D 51 54 54 04 02 00 3C 00 06 73 62 2D 30 30 31",
            new ConnectPacket("sb-001") { KeepAliveSeconds = 60 }),

        // Flags 0xEC = user name 0x80 | password 0x40 | will retain 0x20 | will QoS 1 0x08 | will 0x04, no clean session;
        // keep alive 300 | "c1" | will topic "sb/lwt" | will message "bye" | user "u" | password 01 02.
        ["CONNECT will and credentials"] = (
            "10 22 00 04 4D 51 54 54 04 EC 01 2C 00 02 63 31 00 06 73 62 2F 6C 77 74 00 03 62 79 65 00 01 75 00 02 01 02",
            new ConnectPacket("c1")
            {
                CleanSession = false,
                KeepAliveSeconds = 300,
                Will = new WillMessage("sb/lwt", "bye"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, Retain = true },
                UserName = "u",
                Password = new byte[] { 0x01, 0x02 },
            }),

        // Flags 0x16 = will QoS 2 0x10 | will 0x04 | clean 0x02 | keep alive 10 | "d" | will topic "w" | empty will message.
        ["CONNECT will QoS 2 empty message"] = (
            "10 12 00 04 4D 51 54 54 04 16 00 0A 00 01 64 00 01 77 00 00",
            new ConnectPacket("d")
            {
                KeepAliveSeconds = 10,
                Will = new WillMessage("w", ReadOnlyMemory<byte>.Empty) { QoS = QualityOfService.ExactlyOnce },
            }),

        // Zero-length client id with clean session (section 3.1.3.1).
        ["CONNECT empty client id"] = (
            "10 0C 00 04 4D 51 54 54 04 02 00 00 00 00",
            new ConnectPacket(string.Empty)),

        // Flags 0x82 = user name | clean | "a" | user "bob".
        ["CONNECT user name only"] = (
            "10 12 00 04 4D 51 54 54 04 82 00 00 00 01 61 00 03 62 6F 62",
            new ConnectPacket("a") { UserName = "bob" }),

        // Flags 0xC2 = user name | password | clean | "e" | user "u" | zero-length password.
        ["CONNECT empty password"] = (
            "10 12 00 04 4D 51 54 54 04 C2 00 00 00 01 65 00 01 75 00 00",
            new ConnectPacket("e") { UserName = "u", Password = Array.Empty<byte>() }),

        // 0x20 CONNACK, remaining 2 | acknowledge flags | return code (section 3.2).
        ["CONNACK accepted"] = ("20 02 00 00", new ConnAckPacket(false, ConnectReturnCode.Accepted)),
        ["CONNACK session present"] = ("20 02 01 00", new ConnAckPacket(true, ConnectReturnCode.Accepted)),
        ["CONNACK unacceptable protocol version"] = ("20 02 00 01", new ConnAckPacket(false, ConnectReturnCode.UnacceptableProtocolVersion)),
        ["CONNACK not authorized"] = ("20 02 00 05", new ConnAckPacket(false, ConnectReturnCode.NotAuthorized)),

        // 0x30 PUBLISH QoS 0, remaining 7 | topic "a/b" | payload "hi" (no packet id at QoS 0).
        ["PUBLISH QoS 0"] = ("30 07 00 03 61 2F 62 68 69", new PublishPacket("a/b", "hi"u8.ToArray())),

        // 0x3B = PUBLISH | DUP 0x08 | QoS 1 0x02 | RETAIN 0x01 | "a/b" | packet id 10 | "hi" (section 3.3.2.3 example id).
        ["PUBLISH QoS 1 dup retain"] = (
            "3B 09 00 03 61 2F 62 00 0A 68 69",
            new PublishPacket("a/b", "hi"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 10, Dup = true, Retain = true }),

        // 0x34 = PUBLISH QoS 2 | "t" | packet id 65535 | empty payload.
        ["PUBLISH QoS 2 empty payload"] = (
            "34 05 00 01 74 FF FF",
            new PublishPacket("t", ReadOnlyMemory<byte>.Empty) { QoS = QualityOfService.ExactlyOnce, PacketId = 0xFFFF }),

        // 0x31 = PUBLISH QoS 0 RETAIN with an empty payload: clears the retained message (MQTT-3.3.1-10).
        ["PUBLISH retained clear"] = ("31 03 00 01 74", new PublishPacket("t", ReadOnlyMemory<byte>.Empty) { Retain = true }),

        // Topic "sb/đ": U+0111 is C4 91 in UTF-8, so 5 bytes for 4 characters.
        ["PUBLISH two-byte UTF-8 topic"] = ("30 07 00 05 73 62 2F C4 91", new PublishPacket("sb/đ", ReadOnlyMemory<byte>.Empty)),

        // Topic U+1F4B0: F0 9F 92 B0 in UTF-8, a surrogate pair in UTF-16.
        ["PUBLISH four-byte UTF-8 topic"] = ("30 06 00 04 F0 9F 92 B0", new PublishPacket("\U0001F4B0", ReadOnlyMemory<byte>.Empty)),

        // 0x40/0x50/0x62/0x70 with remaining 2 and packet id 10; PUBREL's flags are 0010 (section 3.6.1).
        ["PUBACK"] = ("40 02 00 0A", new PubAckPacket(10)),
        ["PUBACK highest id"] = ("40 02 FF FF", new PubAckPacket(0xFFFF)),
        ["PUBREC"] = ("50 02 00 0A", new PubRecPacket(10)),
        ["PUBREL"] = ("62 02 00 0A", new PubRelPacket(10)),
        ["PUBCOMP"] = ("70 02 00 0A", new PubCompPacket(10)),

        // 0x82 SUBSCRIBE (flags 0010), remaining 14 | id 10 | "a/b" QoS 1 | "c/d" QoS 2 (section 3.8.3.1 example).
        ["SUBSCRIBE two filters"] = (
            "82 0E 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02",
            new SubscribePacket(10, new TopicSubscription("a/b", QualityOfService.AtLeastOnce), new TopicSubscription("c/d", QualityOfService.ExactlyOnce))),

        // id 1 | "sb/+/cmd/#" QoS 0.
        ["SUBSCRIBE wildcards"] = (
            "82 0F 00 01 00 0A 73 62 2F 2B 2F 63 6D 64 2F 23 00",
            new SubscribePacket(1, new TopicSubscription("sb/+/cmd/#", QualityOfService.AtMostOnce))),

        // 0x90 SUBACK, remaining 6 | id 10 | granted 1, failure 0x80, granted 2, granted 0 (section 3.9.3).
        ["SUBACK"] = (
            "90 06 00 0A 01 80 02 00",
            new SubAckPacket(10, SubAckReturnCode.SuccessMaximumQoS1, SubAckReturnCode.Failure, SubAckReturnCode.SuccessMaximumQoS2, SubAckReturnCode.SuccessMaximumQoS0)),

        // 0xA2 UNSUBSCRIBE (flags 0010), remaining 12 | id 10 | "a/b" | "c/d" (section 3.10.3.1 example).
        ["UNSUBSCRIBE"] = ("A2 0C 00 0A 00 03 61 2F 62 00 03 63 2F 64", new UnsubscribePacket(10, "a/b", "c/d")),

        // 0xB0 UNSUBACK, remaining 2 | id 10.
        ["UNSUBACK"] = ("B0 02 00 0A", new UnsubAckPacket(10)),

        // Fixed header only, remaining 0 (sections 3.12-3.14).
        ["PINGREQ"] = ("C0 00", PingReqPacket.Instance),
        ["PINGRESP"] = ("D0 00", PingRespPacket.Instance),
        ["DISCONNECT"] = ("E0 00", DisconnectPacket.Instance),
    };

    public static TheoryData<string> Names => [.. All.Keys];

    public static byte[] Bytes(string name) => Hex.Bytes(All[name].Hex);

    public static MqttPacket Packet(string name) => All[name].Packet;
}
