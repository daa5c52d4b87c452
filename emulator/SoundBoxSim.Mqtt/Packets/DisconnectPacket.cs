namespace SoundBoxSim.Mqtt.Packets;

/// <summary>DISCONNECT: the client's last packet, closing the connection cleanly (MQTT 3.1.1 section 3.14). It has no fields.</summary>
public sealed record DisconnectPacket : MqttPacket
{
    /// <summary>The one value every DISCONNECT equals; the reader returns it.</summary>
    public static DisconnectPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.Disconnect;
}
