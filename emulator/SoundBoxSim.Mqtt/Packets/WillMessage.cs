namespace SoundBoxSim.Mqtt.Packets;

/// <summary>
/// The Will of a CONNECT packet: the message the server publishes for the client if the connection ends
/// without a DISCONNECT (MQTT 3.1.1 sections 3.1.2.5-3.1.2.7, 3.1.3.2-3.1.3.3).
/// </summary>
/// <param name="Topic">The Will topic name; a topic name, so without wildcards.</param>
/// <param name="Payload">The Will message: 0 to 65,535 bytes of application data.</param>
public sealed record WillMessage(string Topic, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The QoS the Will is published with. The default is <see cref="QualityOfService.AtMostOnce"/>.</summary>
    public QualityOfService QoS { get; init; }

    /// <summary>Whether the Will is published as a retained message. The default is <see langword="false"/>.</summary>
    public bool Retain { get; init; }

    /// <summary>Compares every member; the payload by its bytes.</summary>
    /// <param name="other">The Will to compare with.</param>
    /// <returns><see langword="true"/> when both carry the same topic, bytes, QoS and retain flag.</returns>
    public bool Equals(WillMessage? other) =>
        other is not null
        && Topic == other.Topic
        && QoS == other.QoS
        && Retain == other.Retain
        && ContentEquality.BytesEqual(Payload, other.Payload);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Topic);
        hash.Add(QoS);
        hash.Add(Retain);
        ContentEquality.AddBytes(ref hash, Payload);
        return hash.ToHashCode();
    }

    /// <summary>The members, with the payload shown by its length.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"WillMessage {{ Topic = {Topic}, Payload = {Payload.Length} bytes, QoS = {QoS}, Retain = {Retain} }}";
}
