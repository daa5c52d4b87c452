namespace SoundBoxSim.Mqtt.Client;

/// <summary>A snapshot of a client's counters.</summary>
/// <param name="Connected">Whether a connection is up.</param>
/// <param name="ConnectionAttempts">Connection attempts, successful or not.</param>
/// <param name="Reconnects">Successful connections after the first.</param>
/// <param name="MessagesSent">PUBLISH packets sent (redeliveries included).</param>
/// <param name="MessagesReceived">PUBLISH packets received.</param>
/// <param name="Inflight">QoS 1 publishes waiting for PUBACK.</param>
public sealed record MqttClientMetrics(bool Connected, long ConnectionAttempts, long Reconnects, long MessagesSent, long MessagesReceived, int Inflight);
