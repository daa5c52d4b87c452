using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Client;

/// <summary>
/// Immutable settings of an <see cref="MqttClient"/>; build them with <see cref="MqttClientOptionsBuilder"/>,
/// which validates them.
/// </summary>
public sealed record MqttClientOptions
{
    /// <summary>Opens a new transport to the broker for each connection attempt.</summary>
    public required Func<CancellationToken, Task<IMqttTransport>> ConnectTransport { get; init; }

    /// <summary>The client identifier (1-23 characters are safe with every broker). Required.</summary>
    public required string ClientId { get; init; }

    /// <summary>Whether the broker starts a fresh session (true) or resumes a persistent one. The default is true.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>The keep-alive interval; 0 turns keep-alive off. The default is 30 s.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The user name, or null.</summary>
    public string? UserName { get; init; }

    /// <summary>The password, or null (requires <see cref="UserName"/>, MQTT-3.1.2-22).</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>The message the broker publishes if this client goes away without DISCONNECT, or null.</summary>
    public WillMessage? Will { get; init; }

    /// <summary>How long a connection attempt (transport and CONNACK) may take. The default is 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether a lost connection is re-established automatically. The default is true.</summary>
    public bool AutoReconnect { get; init; } = true;

    /// <summary>The first reconnect delay; each failure doubles it up to <see cref="ReconnectMaxDelay"/>. The default is 1 s.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnect delay. The default is 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Returns a number in [0, 1) for reconnect jitter; tests pin it. The default is <see cref="Random.Shared"/>.</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The most QoS 1 publishes waiting for PUBACK at once; more wait their turn. The default is 1,000.</summary>
    public int MaxInflight { get; init; } = 1_000;

    /// <summary>The largest packet accepted from the broker, in bytes. The default is 1 MiB.</summary>
    public int MaximumPacketSize { get; init; } = 1 << 20;

    /// <summary>The clock for keep-alive, timeouts and backoff. The default is <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where log lines go, or null for none.</summary>
    public MqttLogger? Logger { get; init; }
}
