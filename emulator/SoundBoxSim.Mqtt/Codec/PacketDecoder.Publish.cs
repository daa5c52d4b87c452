using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Codec;

internal static partial class PacketDecoder
{
    // PUBLISH fixed-header flags, section 3.3.1.
    private const int RetainBit = 0b0001;
    private const int QoSMask = 0b0110;
    private const int DupBit = 0b1000;

    private static void CheckPublishFlags(int flags)
    {
        var qos = (flags & QoSMask) >> 1;
        if (qos == 3)
        {
            throw new MqttProtocolException(MqttRules.PublishQoS, $"The PUBLISH fixed-header flags are {Bits(flags)}: both QoS bits are set (QoS 3).");
        }

        if (qos == 0 && (flags & DupBit) != 0)
        {
            throw new MqttProtocolException(MqttRules.DupWithQoS0, $"The PUBLISH fixed-header flags are {Bits(flags)}: DUP is set on a QoS 0 message.");
        }
    }

    private static PublishPacket DecodePublish(byte first, ref BodyReader reader)
    {
        var qos = (QualityOfService)((first & QoSMask) >> 1);
        var topic = reader.ReadString("topic name");
        if (TopicFilter.FindTopicNameProblem(topic, "The PUBLISH topic name", MqttRules.PublishTopicWildcard, out _) is { } problem)
        {
            throw problem.ToException();
        }

        var packetId = qos == QualityOfService.AtMostOnce ? (ushort)0 : reader.ReadPacketId();
        return new PublishPacket(topic, reader.ReadToEnd())
        {
            QoS = qos,
            PacketId = packetId,
            Retain = (first & RetainBit) != 0,
            Dup = (first & DupBit) != 0,
        };
    }
}
