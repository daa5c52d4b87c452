using System.Buffers;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Codec;

public static partial class MqttPacketWriter
{
    private static Frame MeasurePublish(PublishPacket packet)
    {
        if (packet.QoS > QualityOfService.ExactlyOnce)
        {
            throw new MqttProtocolException(MqttRules.PublishQoS, $"The PUBLISH QoS is {(int)packet.QoS}; it must be 0, 1 or 2.");
        }

        var qos0 = packet.QoS == QualityOfService.AtMostOnce;
        if (qos0 && packet.Dup)
        {
            throw new MqttProtocolException(MqttRules.DupWithQoS0, "The PUBLISH sets DUP on a QoS 0 message.");
        }

        if (qos0 && packet.PacketId != 0)
        {
            throw new MqttProtocolException(MqttRules.PacketIdWithQoS0, $"The PUBLISH has QoS 0 but packet identifier {packet.PacketId}; QoS 0 carries none.");
        }

        if (!qos0)
        {
            CheckPacketId(packet.PacketId, packet);
        }

        if (TopicFilter.FindTopicNameProblem(packet.Topic, "The PUBLISH topic name", MqttRules.PublishTopicWildcard, out var topicLength) is { } problem)
        {
            throw problem.ToException();
        }

        long length = 2 + topicLength + (qos0 ? 0 : 2) + packet.Payload.Length;

        // Section 3.3.1: DUP bit 3, QoS bits 2-1, RETAIN bit 0.
        var first = 0x30 | (packet.Dup ? 0x08 : 0) | ((int)packet.QoS << 1) | (packet.Retain ? 0x01 : 0);
        return new Frame((byte)first, length);
    }

    private static void WritePublishBody(PublishPacket packet, IBufferWriter<byte> output)
    {
        WireWriter.WriteString(output, packet.Topic);
        if (packet.QoS != QualityOfService.AtMostOnce)
        {
            WireWriter.WriteUInt16(output, packet.PacketId);
        }

        output.Write(packet.Payload.Span);
    }
}
