using System.Buffers;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Codec;

public static partial class MqttPacketWriter
{
    private static Frame MeasureSubscribe(SubscribePacket packet)
    {
        CheckPacketId(packet.PacketId, packet);
        if (packet.Subscriptions.Count == 0)
        {
            throw new MqttProtocolException(MqttRules.SubscribeEmpty, "The SUBSCRIBE has no topic filter; it must have at least one.");
        }

        long length = 2;
        foreach (var (filter, qos) in packet.Subscriptions)
        {
            length += 2 + CheckFilter(filter, "SUBSCRIBE") + 1;
            if (qos > QualityOfService.ExactlyOnce)
            {
                throw new MqttProtocolException(MqttRules.SubscribeQoS, $"The SUBSCRIBE requested QoS for \"{filter}\" is {(int)qos}; it must be 0, 1 or 2.");
            }
        }

        return new Frame(0x82, length);
    }

    private static Frame MeasureSubAck(SubAckPacket packet)
    {
        CheckPacketId(packet.PacketId, packet);
        if (packet.ReturnCodes.Count == 0)
        {
            throw new MqttProtocolException(MqttRules.ProtocolViolation, "The SUBACK has no return code; it answers a SUBSCRIBE, which has at least one filter.");
        }

        foreach (var code in packet.ReturnCodes)
        {
            if (!Enum.IsDefined(code))
            {
                throw new MqttProtocolException(MqttRules.SubAckReturnCode, $"The SUBACK return code 0x{(byte)code:X2} is reserved; only 0x00, 0x01, 0x02 and 0x80 are allowed.");
            }
        }

        return new Frame(0x90, 2L + packet.ReturnCodes.Count);
    }

    private static Frame MeasureUnsubscribe(UnsubscribePacket packet)
    {
        CheckPacketId(packet.PacketId, packet);
        if (packet.TopicFilters.Count == 0)
        {
            throw new MqttProtocolException(MqttRules.UnsubscribeEmpty, "The UNSUBSCRIBE has no topic filter; it must have at least one.");
        }

        long length = 2;
        foreach (var filter in packet.TopicFilters)
        {
            length += 2 + CheckFilter(filter, "UNSUBSCRIBE");
        }

        return new Frame(0xA2, length);
    }

    private static int CheckFilter(string filter, string packet)
    {
        return TopicFilter.FindFilterProblem(filter, $"The {packet} topic filter", out var byteCount) is { } problem
            ? throw problem.ToException()
            : byteCount;
    }

    private static void WriteSubscribeBody(SubscribePacket packet, IBufferWriter<byte> output)
    {
        WireWriter.WriteUInt16(output, packet.PacketId);
        foreach (var (filter, qos) in packet.Subscriptions)
        {
            WireWriter.WriteString(output, filter);
            WireWriter.WriteByte(output, (byte)qos);
        }
    }

    private static void WriteSubAckBody(SubAckPacket packet, IBufferWriter<byte> output)
    {
        WireWriter.WriteUInt16(output, packet.PacketId);
        foreach (var code in packet.ReturnCodes)
        {
            WireWriter.WriteByte(output, (byte)code);
        }
    }

    private static void WriteUnsubscribeBody(UnsubscribePacket packet, IBufferWriter<byte> output)
    {
        WireWriter.WriteUInt16(output, packet.PacketId);
        foreach (var filter in packet.TopicFilters)
        {
            WireWriter.WriteString(output, filter);
        }
    }
}
