using System.Text;

namespace SoundBoxSim.Mqtt.Packets;

/// <summary>SUBACK: the server's answer to SUBSCRIBE, one return code per filter (MQTT 3.1.1 section 3.9).</summary>
public sealed record SubAckPacket : MqttPacket
{
    /// <summary>Creates the packet; the return codes are copied.</summary>
    /// <param name="packetId">The packet identifier of the SUBSCRIBE being answered; never 0.</param>
    /// <param name="returnCodes">One code per requested filter, in the SUBSCRIBE's order (MQTT-3.9.3-1).</param>
    public SubAckPacket(ushort packetId, params IEnumerable<SubAckReturnCode> returnCodes)
    {
        PacketId = packetId;
        ReturnCodes = ContentEquality.Freeze(returnCodes, nameof(returnCodes));
    }

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.SubAck;

    /// <summary>The packet identifier of the SUBSCRIBE being answered.</summary>
    public ushort PacketId { get; init; }

    /// <summary>The granted QoS or <see cref="SubAckReturnCode.Failure"/>, one per requested filter.</summary>
    public IReadOnlyList<SubAckReturnCode> ReturnCodes { get; }

    /// <summary>Compares the packet identifier and the return codes in order.</summary>
    /// <param name="other">The packet to compare with.</param>
    /// <returns><see langword="true"/> when both packets carry the same values.</returns>
    public bool Equals(SubAckPacket? other) =>
        other is not null && PacketId == other.PacketId && ContentEquality.ListsEqual(ReturnCodes, other.ReturnCodes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(PacketId);
        ContentEquality.AddList(ref hash, ReturnCodes);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append($", PacketId = {PacketId}, ReturnCodes = [").AppendJoin(", ", ReturnCodes).Append(']');
        return true;
    }
}
