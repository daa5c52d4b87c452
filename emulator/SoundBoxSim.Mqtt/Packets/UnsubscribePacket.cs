using System.Text;

namespace SoundBoxSim.Mqtt.Packets;

/// <summary>UNSUBSCRIBE: the client drops one or more subscriptions (MQTT 3.1.1 section 3.10).</summary>
public sealed record UnsubscribePacket : MqttPacket
{
    /// <summary>Creates the packet; the filters are copied.</summary>
    /// <param name="packetId">The packet identifier; never 0 (MQTT-2.3.1-1).</param>
    /// <param name="topicFilters">The filters to drop, compared character by character, at least one (MQTT-3.10.3-2).</param>
    public UnsubscribePacket(ushort packetId, params IEnumerable<string> topicFilters)
    {
        PacketId = packetId;
        TopicFilters = ContentEquality.Freeze(topicFilters, nameof(topicFilters));
    }

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.Unsubscribe;

    /// <summary>The packet identifier the UNSUBACK echoes.</summary>
    public ushort PacketId { get; init; }

    /// <summary>The topic filters to drop.</summary>
    public IReadOnlyList<string> TopicFilters { get; }

    /// <summary>Compares the packet identifier and the filters in order.</summary>
    /// <param name="other">The packet to compare with.</param>
    /// <returns><see langword="true"/> when both packets carry the same values.</returns>
    public bool Equals(UnsubscribePacket? other) =>
        other is not null && PacketId == other.PacketId && ContentEquality.ListsEqual(TopicFilters, other.TopicFilters);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PacketId);
        ContentEquality.AddList(ref hash, TopicFilters);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append($", PacketId = {PacketId}, TopicFilters = [").AppendJoin(", ", TopicFilters).Append(']');
        return true;
    }
}
