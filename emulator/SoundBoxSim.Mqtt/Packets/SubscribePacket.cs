using System.Text;

namespace SoundBoxSim.Mqtt.Packets;

/// <summary>SUBSCRIBE: the client asks for messages on one or more topic filters (MQTT 3.1.1 section 3.8).</summary>
public sealed record SubscribePacket : MqttPacket
{
    /// <summary>Creates the packet; the subscriptions are copied.</summary>
    /// <param name="packetId">The packet identifier; never 0 (MQTT-2.3.1-1).</param>
    /// <param name="subscriptions">The filters and requested QoS, at least one (MQTT-3.8.3-3).</param>
    public SubscribePacket(ushort packetId, params IEnumerable<TopicSubscription> subscriptions)
    {
        PacketId = packetId;
        Subscriptions = ContentEquality.Freeze(subscriptions, nameof(subscriptions));
    }

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.Subscribe;

    /// <summary>The packet identifier the SUBACK echoes.</summary>
    public ushort PacketId { get; init; }

    /// <summary>The filters and requested QoS, in the order the SUBACK answers them.</summary>
    public IReadOnlyList<TopicSubscription> Subscriptions { get; }

    /// <summary>Compares the packet identifier and the subscriptions in order.</summary>
    /// <param name="other">The packet to compare with.</param>
    /// <returns><see langword="true"/> when both packets carry the same values.</returns>
    public bool Equals(SubscribePacket? other) =>
        other is not null && PacketId == other.PacketId && ContentEquality.ListsEqual(Subscriptions, other.Subscriptions);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PacketId);
        ContentEquality.AddList(ref hash, Subscriptions);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append($", PacketId = {PacketId}, Subscriptions = [").AppendJoin(", ", Subscriptions.Select(s => $"{s.Filter} {s.QoS}")).Append(']');
        return true;
    }
}
