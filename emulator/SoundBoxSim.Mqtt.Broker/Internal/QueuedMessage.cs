using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// A message waiting in a session's queue. <see cref="Packet"/> is shared by every recipient: for QoS 0 it is the
/// exact packet sent; for QoS 1 and 2 the writer stamps a copy with the packet id when it sends it.
/// </summary>
internal readonly record struct QueuedMessage
{
    /// <summary>Queues <paramref name="packet"/> for delivery at <paramref name="qos"/>, which is at most the packet's own.</summary>
    public QueuedMessage(PublishPacket packet, QualityOfService qos)
    {
        // A QoS 0 delivery must go out without a packet id (MQTT-2.3.1-5); copy only when the packet has a higher QoS.
        Packet = qos == QualityOfService.AtMostOnce && packet.QoS != QualityOfService.AtMostOnce
            ? packet with { QoS = QualityOfService.AtMostOnce, PacketId = 0, Dup = false }
            : packet;
        QoS = qos;
    }

    public PublishPacket Packet { get; }

    public QualityOfService QoS { get; }

    /// <summary>The message's place among everything its session has queued, control packets included.</summary>
    public long Sequence { get; init; }
}
