namespace SoundBoxSim.Mqtt.Client;

/// <summary>The client connected or lost its connection.</summary>
/// <param name="IsConnected">The new state.</param>
/// <param name="Reason">Why the connection ended (null when connecting).</param>
/// <param name="SessionPresent">On connect: whether the broker resumed a persistent session.</param>
public sealed record ConnectionStateChangedEventArgs(bool IsConnected, string? Reason, bool SessionPresent);
