using System.Buffers;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>
/// Encodes MQTT 3.1.1 packets. The writer checks a packet against the same rules the reader enforces, so it
/// never puts a frame on the wire that a conforming peer must reject; what it writes, the reader reads back
/// as an equal packet. Stateless and thread-safe.
/// </summary>
public static partial class MqttPacketWriter
{
    /// <summary>Writes <paramref name="packet"/> as one frame into <paramref name="output"/>.</summary>
    /// <param name="packet">The packet to write.</param>
    /// <param name="output">Where the frame goes. A PUBLISH payload is copied into as many spans as it hands out.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="MqttProtocolException">The packet breaks an MQTT 3.1.1 rule; nothing was written.</exception>
    public static int Write(MqttPacket packet, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var frame = Measure(packet);
        WriteFrame(packet, frame, output);
        return frame.Size;
    }

    /// <summary>Writes <paramref name="packet"/> as one frame into a new array of exactly its size.</summary>
    /// <param name="packet">The packet to write.</param>
    /// <returns>The frame's bytes.</returns>
    /// <exception cref="MqttProtocolException">The packet breaks an MQTT 3.1.1 rule.</exception>
    public static byte[] ToBytes(MqttPacket packet)
    {
        var frame = Measure(packet);
        var bytes = new byte[frame.Size];
        WriteFrame(packet, frame, new ArrayWriter(bytes));
        return bytes;
    }

    /// <summary>The size of <paramref name="packet"/>'s frame, fixed header included, once it is checked.</summary>
    /// <param name="packet">The packet to measure.</param>
    /// <returns>The number of bytes <see cref="Write"/> would write.</returns>
    /// <exception cref="MqttProtocolException">The packet breaks an MQTT 3.1.1 rule.</exception>
    public static int GetFrameSize(MqttPacket packet) => Measure(packet).Size;

    private static Frame Measure(MqttPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var frame = packet switch
        {
            ConnectPacket connect => MeasureConnect(connect),
            ConnAckPacket connAck => MeasureConnAck(connAck),
            PublishPacket publish => MeasurePublish(publish),
            PubAckPacket ack => IdOnly(0x40, ack.PacketId, packet),
            PubRecPacket ack => IdOnly(0x50, ack.PacketId, packet),
            PubRelPacket ack => IdOnly(0x62, ack.PacketId, packet),
            PubCompPacket ack => IdOnly(0x70, ack.PacketId, packet),
            SubscribePacket subscribe => MeasureSubscribe(subscribe),
            SubAckPacket subAck => MeasureSubAck(subAck),
            UnsubscribePacket unsubscribe => MeasureUnsubscribe(unsubscribe),
            UnsubAckPacket ack => IdOnly(0xB0, ack.PacketId, packet),
            PingReqPacket => new Frame(0xC0, 0),
            PingRespPacket => new Frame(0xD0, 0),
            DisconnectPacket => new Frame(0xE0, 0),
            _ => throw new ArgumentException($"{packet.GetType().Name} is not an MQTT 3.1.1 packet type.", nameof(packet)),
        };
        if (frame.RemainingLength > VariableByteInteger.MaxValue)
        {
            throw new MqttProtocolException(
                MqttRules.RemainingLength,
                $"The {PacketNames.Of(packet.PacketType)} remaining length would be {frame.RemainingLength}; at most {VariableByteInteger.MaxValue} can be encoded.");
        }

        return frame;
    }

    private static void WriteFrame(MqttPacket packet, Frame frame, IBufferWriter<byte> output)
    {
        var headerSize = 1 + VariableByteInteger.GetSize((int)frame.RemainingLength);
        var header = output.GetSpan(headerSize);
        header[0] = frame.First;
        VariableByteInteger.Write(header[1..], (int)frame.RemainingLength);
        output.Advance(headerSize);
        switch (packet)
        {
            case ConnectPacket connect:
                WriteConnectBody(connect, output);
                break;
            case ConnAckPacket connAck:
                WireWriter.WriteByte(output, connAck.SessionPresent ? (byte)1 : (byte)0);
                WireWriter.WriteByte(output, (byte)connAck.ReturnCode);
                break;
            case PublishPacket publish:
                WritePublishBody(publish, output);
                break;
            case PubAckPacket or PubRecPacket or PubRelPacket or PubCompPacket or UnsubAckPacket:
                WireWriter.WriteUInt16(output, PacketIdOf(packet));
                break;
            case SubscribePacket subscribe:
                WriteSubscribeBody(subscribe, output);
                break;
            case SubAckPacket subAck:
                WriteSubAckBody(subAck, output);
                break;
            case UnsubscribePacket unsubscribe:
                WriteUnsubscribeBody(unsubscribe, output);
                break;
        }
    }

    private static Frame MeasureConnAck(ConnAckPacket packet)
    {
        if (packet.ReturnCode > ConnectReturnCode.NotAuthorized)
        {
            throw new MqttProtocolException(MqttRules.ConnAckReturnCode, $"The CONNACK return code is 0x{(byte)packet.ReturnCode:X2}; codes above 0x05 are reserved.");
        }

        if (packet.SessionPresent && packet.ReturnCode != ConnectReturnCode.Accepted)
        {
            throw new MqttProtocolException(MqttRules.SessionPresentWithError, $"The CONNACK sets Session Present with the refusal code {packet.ReturnCode}.");
        }

        return new Frame(0x20, 2);
    }

    private static Frame IdOnly(byte first, ushort packetId, MqttPacket packet)
    {
        CheckPacketId(packetId, packet);
        return new Frame(first, 2);
    }

    private static void CheckPacketId(ushort packetId, MqttPacket packet)
    {
        if (packetId == 0)
        {
            throw new MqttProtocolException(MqttRules.PacketIdNonZero, $"The {PacketNames.Of(packet.PacketType)} packet identifier is 0; it must be non-zero.");
        }
    }

    private static ushort PacketIdOf(MqttPacket packet) => packet switch
    {
        PubAckPacket p => p.PacketId,
        PubRecPacket p => p.PacketId,
        PubRelPacket p => p.PacketId,
        PubCompPacket p => p.PacketId,
        _ => ((UnsubAckPacket)packet).PacketId,
    };

    /// <summary>A checked packet's first byte and remaining length (a long until checked against the limit).</summary>
    private readonly record struct Frame(byte First, long RemainingLength)
    {
        public int Size => 1 + VariableByteInteger.GetSize((int)RemainingLength) + (int)RemainingLength;
    }
}
