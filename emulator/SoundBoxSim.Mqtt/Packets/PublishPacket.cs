using System.Text;

namespace SoundBoxSim.Mqtt.Packets;

/// <summary>PUBLISH: one application message, sent by a client or a server (MQTT 3.1.1 section 3.3).</summary>
/// <param name="Topic">The topic name: at least one character, no wildcards (MQTT-3.3.2-2, MQTT-4.7.3-1).</param>
/// <param name="Payload">The application message; may be empty.</param>
public sealed record PublishPacket(string Topic, ReadOnlyMemory<byte> Payload) : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.Publish;

    /// <summary>The delivery guarantee (section 3.3.1.2). The default is <see cref="QualityOfService.AtMostOnce"/>.</summary>
    public QualityOfService QoS { get; init; }

    /// <summary>
    /// The packet identifier: non-zero for QoS 1 and 2 (MQTT-2.3.1-1), 0 for QoS 0 where none is sent
    /// (MQTT-2.3.1-5). The default is 0.
    /// </summary>
    public ushort PacketId { get; init; }

    /// <summary>Whether the server keeps this message for future subscribers (section 3.3.1.3). The default is <see langword="false"/>.</summary>
    public bool Retain { get; init; }

    /// <summary>Whether this is a re-delivery; never set for QoS 0 (MQTT-3.3.1-2). The default is <see langword="false"/>.</summary>
    public bool Dup { get; init; }

    /// <summary>Compares every member; the payload by its bytes.</summary>
    /// <param name="other">The packet to compare with.</param>
    /// <returns><see langword="true"/> when both packets carry the same values.</returns>
    public bool Equals(PublishPacket? other) =>
        other is not null
        && Topic == other.Topic
        && QoS == other.QoS
        && PacketId == other.PacketId
        && Retain == other.Retain
        && Dup == other.Dup
        && ContentEquality.BytesEqual(Payload, other.Payload);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Topic);
        hash.Add(QoS);
        hash.Add(PacketId);
        hash.Add(Retain);
        hash.Add(Dup);
        ContentEquality.AddBytes(ref hash, Payload);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append($", Topic = {Topic}, Payload = {Payload.Length} bytes, QoS = {QoS}, PacketId = {PacketId}, Retain = {Retain}, Dup = {Dup}");
        return true;
    }
}
