namespace SoundBoxSim.Mqtt.Packets;

/// <summary>
/// An MQTT 3.1.1 control packet (section 2). Each of the 14 packet types is an immutable sealed record that
/// derives from this one; <c>MqttPacketReader</c> produces them and <c>MqttPacketWriter</c> writes them.
/// </summary>
/// <remarks>
/// Equality compares contents: byte payloads by their bytes and lists element by element, so a packet that
/// was written and read back equals the original. Packets hold no buffers of the reader; they are safe to keep
/// and to share between threads.
/// </remarks>
public abstract record MqttPacket
{
    private protected MqttPacket()
    {
    }

    /// <summary>The control packet type written in the fixed header.</summary>
    public abstract MqttPacketType PacketType { get; }
}
