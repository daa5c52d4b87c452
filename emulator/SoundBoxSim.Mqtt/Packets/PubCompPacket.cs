namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PUBCOMP: QoS 2 publish complete, the answer to PUBREL (MQTT 3.1.1 section 3.7).</summary>
/// <param name="PacketId">The packet identifier of the packet being answered; never 0.</param>
public sealed record PubCompPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.PubComp;
}
