namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PINGRESP: the server's answer to PINGREQ (MQTT 3.1.1 section 3.13). It has no fields.</summary>
public sealed record PingRespPacket : MqttPacket
{
    /// <summary>The one value every PINGRESP equals; the reader returns it.</summary>
    public static PingRespPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.PingResp;
}
