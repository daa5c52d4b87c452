namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PUBREL: QoS 2 publish release, the answer to PUBREC (MQTT 3.1.1 section 3.6).</summary>
/// <param name="PacketId">The packet identifier of the packet being answered; never 0.</param>
public sealed record PubRelPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.PubRel;
}
