namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PUBACK: QoS 1 publish acknowledgment: answers a PUBLISH with QoS 1 (MQTT 3.1.1 section 3.4).</summary>
/// <param name="PacketId">The packet identifier of the packet being answered; never 0.</param>
public sealed record PubAckPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.PubAck;
}
