namespace SoundBoxSim.Mqtt.Packets;

/// <summary>UNSUBACK: unsubscribe acknowledgment, the answer to UNSUBSCRIBE (MQTT 3.1.1 section 3.11).</summary>
/// <param name="PacketId">The packet identifier of the packet being answered; never 0.</param>
public sealed record UnsubAckPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.UnsubAck;
}
