namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PINGREQ: the client's keep-alive ping (MQTT 3.1.1 section 3.12). It has no fields.</summary>
public sealed record PingReqPacket : MqttPacket
{
    /// <summary>The one value every PINGREQ equals; the reader returns it.</summary>
    public static PingReqPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.PingReq;
}
