using System.Buffers;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Codec;

public static partial class MqttPacketWriter
{
    // Protocol name "MQTT" with its length prefix, then level 4 (sections 3.1.2.1, 3.1.2.2).
    private static ReadOnlySpan<byte> ProtocolHeader => [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', ConnectPacket.ProtocolLevel];

    private static Frame MeasureConnect(ConnectPacket packet)
    {
        // Protocol name and level, connect flags, keep alive: section 3.1.2.
        long length = 7 + 1 + 2;
        length += 2 + MqttString.GetByteCount(packet.ClientId, "The CONNECT client identifier");
        if (packet.ClientId.Length == 0 && !packet.CleanSession)
        {
            throw new MqttProtocolException(
                MqttRules.EmptyClientIdNeedsCleanSession,
                "The CONNECT client identifier is empty but CleanSession is false; an empty identifier needs a clean session.");
        }

        if (packet.Will is { } will)
        {
            if (TopicFilter.FindTopicNameProblem(will.Topic, "The CONNECT will topic", MqttRules.TopicNameWildcard, out var topicLength) is { } problem)
            {
                throw problem.ToException();
            }

            if (will.QoS > QualityOfService.ExactlyOnce)
            {
                throw new MqttProtocolException(MqttRules.WillQoS, $"The CONNECT Will QoS is {(int)will.QoS}; it must be 0, 1 or 2.");
            }

            length += 2 + topicLength + 2 + CheckBinary(will.Payload.Length, "will message");
        }

        if (packet.UserName is not null)
        {
            length += 2 + MqttString.GetByteCount(packet.UserName, "The CONNECT user name");
        }

        if (packet.Password is { } password)
        {
            if (packet.UserName is null)
            {
                throw new MqttProtocolException(MqttRules.PasswordWithoutUserName, "The CONNECT has a password but no user name; MQTT 3.1.1 needs a user name with a password.");
            }

            length += 2 + CheckBinary(password.Length, "password");
        }

        return new Frame(0x10, length);
    }

    private static int CheckBinary(int length, string field) => length <= ushort.MaxValue
        ? length
        : throw new MqttProtocolException(MqttRules.FieldLength, $"The CONNECT {field} is {length} bytes; a length-prefixed field holds at most {ushort.MaxValue}.");

    private static void WriteConnectBody(ConnectPacket packet, IBufferWriter<byte> output)
    {
        output.Write(ProtocolHeader);
        WireWriter.WriteByte(output, ConnectFlags(packet));
        WireWriter.WriteUInt16(output, packet.KeepAliveSeconds);
        WireWriter.WriteString(output, packet.ClientId);
        if (packet.Will is { } will)
        {
            WireWriter.WriteString(output, will.Topic);
            WireWriter.WriteBinary(output, will.Payload.Span);
        }

        if (packet.UserName is not null)
        {
            WireWriter.WriteString(output, packet.UserName);
        }

        if (packet.Password is { } password)
        {
            WireWriter.WriteBinary(output, password.Span);
        }
    }

    // Section 3.1.2.3, figure 3.4: user name 7, password 6, will retain 5, will QoS 4-3, will 2, clean session 1.
    private static byte ConnectFlags(ConnectPacket packet)
    {
        var flags = 0;
        flags |= packet.UserName is not null ? 0x80 : 0;
        flags |= packet.Password is not null ? 0x40 : 0;
        if (packet.Will is { } will)
        {
            flags |= (will.Retain ? 0x20 : 0) | ((int)will.QoS << 3) | 0x04;
        }

        flags |= packet.CleanSession ? 0x02 : 0;
        return (byte)flags;
    }
}
