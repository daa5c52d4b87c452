using System.Text;

namespace SoundBoxSim.Mqtt.Packets;

/// <summary>CONNECT: the first packet a client sends on a connection (MQTT 3.1.1 section 3.1).</summary>
/// <remarks>The protocol name "MQTT" and level 4 are implied: this codec speaks MQTT 3.1.1 only.</remarks>
/// <param name="ClientId">
/// The client identifier (section 3.1.3.1). It may be empty only with <see cref="CleanSession"/> set
/// (MQTT-3.1.3-7); the server then assigns one.
/// </param>
public sealed record ConnectPacket(string ClientId) : MqttPacket
{
    /// <summary>The protocol name every MQTT 3.1.1 CONNECT carries (section 3.1.2.1).</summary>
    public const string ProtocolName = "MQTT";

    /// <summary>The protocol level of MQTT 3.1.1 (section 3.1.2.2).</summary>
    public const byte ProtocolLevel = 4;

    /// <inheritdoc />
    public override MqttPacketType PacketType => MqttPacketType.Connect;

    /// <summary>
    /// Whether the server discards any previous session and starts a new one (section 3.1.2.4).
    /// The default is <see langword="true"/>.
    /// </summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>
    /// The longest time, in seconds, the client lets pass between two packets it sends; 0 turns keep-alive off
    /// (section 3.1.2.10). The default is 0.
    /// </summary>
    public ushort KeepAliveSeconds { get; init; }

    /// <summary>The Will message, or <see langword="null"/> for none (the Will Flag). The default is none.</summary>
    public WillMessage? Will { get; init; }

    /// <summary>The user name, or <see langword="null"/> for none (section 3.1.3.4). The default is none.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// The password, 0 to 65,535 bytes of binary data, or <see langword="null"/> for none (section 3.1.3.5).
    /// A password needs a <see cref="UserName"/> (MQTT-3.1.2-22). The default is none.
    /// </summary>
    /// <remarks>
    /// Beware <c>Password = ok ? bytes : null</c>: C# types that conditional as <c>byte[]</c>, whose null converts
    /// to an empty password, not to none. Write <c>(ReadOnlyMemory&lt;byte&gt;?)null</c> or use an <c>if</c>.
    /// </remarks>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>Compares every member; the password by its bytes.</summary>
    /// <param name="other">The packet to compare with.</param>
    /// <returns><see langword="true"/> when both packets carry the same values.</returns>
    public bool Equals(ConnectPacket? other) =>
        other is not null
        && ClientId == other.ClientId
        && CleanSession == other.CleanSession
        && KeepAliveSeconds == other.KeepAliveSeconds
        && Equals(Will, other.Will)
        && UserName == other.UserName
        && ContentEquality.BytesEqual(Password, other.Password);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ClientId);
        hash.Add(CleanSession);
        hash.Add(KeepAliveSeconds);
        hash.Add(Will);
        hash.Add(UserName);
        ContentEquality.AddBytes(ref hash, Password);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append($", ClientId = {ClientId}, CleanSession = {CleanSession}, KeepAliveSeconds = {KeepAliveSeconds}, Will = {Will}, UserName = {UserName}");
        builder.Append(Password is { } password ? $", Password = {password.Length} bytes" : ", Password = none");
        return true;
    }
}
