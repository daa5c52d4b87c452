using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Codec;

internal static partial class PacketDecoder
{
    private static SubscribePacket DecodeSubscribe(ref BodyReader reader)
    {
        var packetId = reader.ReadPacketId();
        var subscriptions = new List<TopicSubscription>();
        while (!reader.End)
        {
            var filter = ReadFilter(ref reader, "SUBSCRIBE");
            var qos = reader.ReadByte("requested QoS");
            if (qos > (byte)QualityOfService.ExactlyOnce)
            {
                throw new MqttProtocolException(
                    MqttRules.SubscribeQoS,
                    $"The SUBSCRIBE requested QoS byte for \"{filter}\" is 0x{qos:X2}; it must be 0, 1 or 2 with bits 7-2 reserved as 0.");
            }

            subscriptions.Add(new TopicSubscription(filter, (QualityOfService)qos));
        }

        if (subscriptions.Count == 0)
        {
            throw new MqttProtocolException(MqttRules.SubscribeEmpty, "The SUBSCRIBE has no topic filter; it must have at least one.");
        }

        return new SubscribePacket(packetId, subscriptions);
    }

    private static SubAckPacket DecodeSubAck(ref BodyReader reader)
    {
        var packetId = reader.ReadPacketId();
        var codes = new List<SubAckReturnCode>();
        while (!reader.End)
        {
            var code = reader.ReadByte("return code");
            if (code is not (0x00 or 0x01 or 0x02 or 0x80))
            {
                throw new MqttProtocolException(MqttRules.SubAckReturnCode, $"SUBACK return code {codes.Count + 1} is 0x{code:X2}; only 0x00, 0x01, 0x02 and 0x80 are allowed.");
            }

            codes.Add((SubAckReturnCode)code);
        }

        if (codes.Count == 0)
        {
            throw new MqttProtocolException(MqttRules.ProtocolViolation, "The SUBACK has no return code; it answers a SUBSCRIBE, which has at least one filter.");
        }

        return new SubAckPacket(packetId, codes);
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref BodyReader reader)
    {
        var packetId = reader.ReadPacketId();
        var filters = new List<string>();
        while (!reader.End)
        {
            filters.Add(ReadFilter(ref reader, "UNSUBSCRIBE"));
        }

        if (filters.Count == 0)
        {
            throw new MqttProtocolException(MqttRules.UnsubscribeEmpty, "The UNSUBSCRIBE has no topic filter; it must have at least one.");
        }

        return new UnsubscribePacket(packetId, filters);
    }

    private static string ReadFilter(ref BodyReader reader, string packet)
    {
        var filter = reader.ReadString("topic filter");
        if (TopicFilter.FindFilterProblem(filter, $"The {packet} topic filter", out _) is { } problem)
        {
            throw problem.ToException();
        }

        return filter;
    }
}
