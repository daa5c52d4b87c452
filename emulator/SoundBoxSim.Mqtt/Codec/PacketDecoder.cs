using System.Buffers;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>Turns one complete frame into a packet, checking every rule of MQTT 3.1.1 section 3 on the way.</summary>
internal static partial class PacketDecoder
{
    private const int ConnectReturnCodeMax = (int)ConnectReturnCode.NotAuthorized;

    /// <summary>Checks the first byte alone: reserved types and the fixed-header flags (sections 2.2.1, 2.2.2).</summary>
    public static void CheckFirstByte(byte first)
    {
        var type = (MqttPacketType)(first >> 4);
        var flags = first & 0x0F;
        switch (type)
        {
            case < MqttPacketType.Connect or > MqttPacketType.Disconnect:
                throw new MqttProtocolException(MqttRules.PacketTypeReserved, $"The first byte 0x{first:X2} has packet type {(int)type}, which is reserved.");
            case MqttPacketType.Publish:
                CheckPublishFlags(flags);
                break;
            case MqttPacketType.PubRel:
                CheckFlags(type, flags, 0b0010, MqttRules.PubRelFlags);
                break;
            case MqttPacketType.Subscribe:
                CheckFlags(type, flags, 0b0010, MqttRules.SubscribeFlags);
                break;
            case MqttPacketType.Unsubscribe:
                CheckFlags(type, flags, 0b0010, MqttRules.UnsubscribeFlags);
                break;
            default:
                CheckFlags(type, flags, 0b0000, MqttRules.FixedHeaderFlags);
                break;
        }
    }

    /// <summary>Checks the remaining length of the packets whose length the spec fixes.</summary>
    public static void CheckRemainingLength(MqttPacketType type, int remainingLength)
    {
        var expected = type switch
        {
            MqttPacketType.ConnAck or MqttPacketType.PubAck or MqttPacketType.PubRec or MqttPacketType.PubRel
                or MqttPacketType.PubComp or MqttPacketType.UnsubAck => 2,
            MqttPacketType.PingReq or MqttPacketType.PingResp or MqttPacketType.Disconnect => 0,
            _ => -1,
        };
        if (expected >= 0 && remainingLength != expected)
        {
            throw new MqttProtocolException(
                MqttRules.ProtocolViolation,
                $"The {PacketNames.Of(type)} remaining length is {remainingLength}; it must be {expected}.");
        }
    }

    /// <summary>Decodes the body of a frame whose first byte passed <see cref="CheckFirstByte"/>.</summary>
    public static MqttPacket Decode(byte first, ReadOnlySequence<byte> body)
    {
        var type = (MqttPacketType)(first >> 4);
        var reader = new BodyReader(body, PacketNames.Of(type));
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader),
            MqttPacketType.Publish => DecodePublish(first, ref reader),
            MqttPacketType.PubAck => new PubAckPacket(reader.ReadPacketId()),
            MqttPacketType.PubRec => new PubRecPacket(reader.ReadPacketId()),
            MqttPacketType.PubRel => new PubRelPacket(reader.ReadPacketId()),
            MqttPacketType.PubComp => new PubCompPacket(reader.ReadPacketId()),
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => new UnsubAckPacket(reader.ReadPacketId()),
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            _ => DisconnectPacket.Instance,
        };
        reader.EnsureEnd();
        return packet;
    }

    private static ConnAckPacket DecodeConnAck(ref BodyReader reader)
    {
        var flags = reader.ReadByte("acknowledge flags");
        if ((flags & 0xFE) != 0)
        {
            throw new MqttProtocolException(MqttRules.ConnAckReservedFlags, $"The CONNACK acknowledge flags are 0x{flags:X2}; bits 7-1 are reserved and must be 0.");
        }

        var code = reader.ReadByte("return code");
        if (code > ConnectReturnCodeMax)
        {
            throw new MqttProtocolException(MqttRules.ConnAckReturnCode, $"The CONNACK return code is 0x{code:X2}; codes above 0x05 are reserved.");
        }

        var sessionPresent = flags == 1;
        if (sessionPresent && code != 0)
        {
            throw new MqttProtocolException(MqttRules.SessionPresentWithError, $"The CONNACK sets Session Present with the refusal code 0x{code:X2}.");
        }

        return new ConnAckPacket(sessionPresent, (ConnectReturnCode)code);
    }

    private static void CheckFlags(MqttPacketType type, int flags, int expected, string rule)
    {
        if (flags != expected)
        {
            throw new MqttProtocolException(rule, $"The {PacketNames.Of(type)} fixed-header flags are {Bits(flags)}; they must be {Bits(expected)}.");
        }
    }

    private static string Bits(int flags) => Convert.ToString(flags, 2).PadLeft(4, '0');
}
