namespace SoundBoxSim.Mqtt.Packets;

/// <summary>CONNACK: the server's answer to CONNECT (MQTT 3.1.1 section 3.2).</summary>
/// <param name="SessionPresent">
/// Whether the server resumed a stored session (section 3.2.2.2). Must be <see langword="false"/> with a
/// non-zero return code (MQTT-3.2.2-4).
/// </param>
/// <param name="ReturnCode">Whether the connection was accepted, and if not, why.</param>
public sealed record ConnAckPacket(bool SessionPresent, ConnectReturnCode ReturnCode) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.ConnAck;
}
