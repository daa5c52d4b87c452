namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PUBREC: QoS 2 publish received, the first answer to a PUBLISH with QoS 2 (MQTT 3.1.1 section 3.5).</summary>
/// <param name="PacketId">The packet identifier of the packet being answered; never 0.</param>
public sealed record PubRecPacket(ushort PacketId) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.PubRec;
}
