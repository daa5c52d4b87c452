using System.Text;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Client;

/// <summary>Builds validated <see cref="MqttClientOptions"/>; every <c>With</c> returns a new builder.</summary>
public sealed record MqttClientOptionsBuilder
{
    private Func<CancellationToken, Task<IMqttTransport>>? Transport { get; init; }

    private MqttClientOptions Draft { get; init; } = new() { ConnectTransport = _ => throw new InvalidOperationException(), ClientId = "" };

    /// <summary>Connects over TCP to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public MqttClientOptionsBuilder WithTcpServer(string host, int port = 1883) =>
        this with { Transport = async ct => await SocketTransport.ConnectAsync(host, port, ct) };

    /// <summary>Connects through <paramref name="connect"/>, e.g. an in-memory transport to an embedded broker.</summary>
    public MqttClientOptionsBuilder WithTransport(Func<CancellationToken, Task<IMqttTransport>> connect) => this with { Transport = connect };

    /// <summary>Sets the client identifier.</summary>
    public MqttClientOptionsBuilder WithClientId(string clientId) => this with { Draft = Draft with { ClientId = clientId } };

    /// <summary>Sets whether the session starts clean.</summary>
    public MqttClientOptionsBuilder WithCleanSession(bool clean = true) => this with { Draft = Draft with { CleanSession = clean } };

    /// <summary>Sets the keep-alive interval (0 = off).</summary>
    public MqttClientOptionsBuilder WithKeepAlive(TimeSpan keepAlive) => this with { Draft = Draft with { KeepAlive = keepAlive } };

    /// <summary>Sets the user name and password.</summary>
    public MqttClientOptionsBuilder WithCredentials(string userName, string? password = null) =>
        this with { Draft = Draft with { UserName = userName, Password = password is null ? null : Encoding.UTF8.GetBytes(password) } };

    /// <summary>Sets the will message.</summary>
    public MqttClientOptionsBuilder WithWill(string topic, ReadOnlyMemory<byte> payload, QualityOfService qos = QualityOfService.AtLeastOnce, bool retain = false) =>
        this with { Draft = Draft with { Will = new WillMessage(topic, payload) { QoS = qos, Retain = retain } } };

    /// <summary>Sets how long a connection attempt may take.</summary>
    public MqttClientOptionsBuilder WithConnectTimeout(TimeSpan timeout) => this with { Draft = Draft with { ConnectTimeout = timeout } };

    /// <summary>Turns automatic reconnect on or off and sets its delays.</summary>
    public MqttClientOptionsBuilder WithReconnect(bool enabled, TimeSpan? minDelay = null, TimeSpan? maxDelay = null, Func<double>? jitter = null) =>
        this with
        {
            Draft = Draft with
            {
                AutoReconnect = enabled,
                ReconnectMinDelay = minDelay ?? Draft.ReconnectMinDelay,
                ReconnectMaxDelay = maxDelay ?? Draft.ReconnectMaxDelay,
                Jitter = jitter ?? Draft.Jitter,
            },
        };

    /// <summary>Sets the in-flight window for QoS 1 publishes.</summary>
    public MqttClientOptionsBuilder WithMaxInflight(int maxInflight) => this with { Draft = Draft with { MaxInflight = maxInflight } };

    /// <summary>Sets the largest packet accepted from the broker.</summary>
    public MqttClientOptionsBuilder WithMaximumPacketSize(int bytes) => this with { Draft = Draft with { MaximumPacketSize = bytes } };

    /// <summary>Sets the clock.</summary>
    public MqttClientOptionsBuilder WithTimeProvider(TimeProvider timeProvider) => this with { Draft = Draft with { TimeProvider = timeProvider } };

    /// <summary>Sets where log lines go.</summary>
    public MqttClientOptionsBuilder WithLogger(MqttLogger logger) => this with { Draft = Draft with { Logger = logger } };

    /// <summary>Validates and returns the options.</summary>
    /// <exception cref="ArgumentException">Something is missing or out of range; every problem is listed.</exception>
    public MqttClientOptions Build()
    {
        var o = Draft;
        var errors = new List<string>();
        if (Transport is null)
        {
            errors.Add("no broker: call WithTcpServer(host, port) or WithTransport(...)");
        }

        if (MqttString.FindProblem(o.ClientId, "client id", out var idBytes) is not null || idBytes > 65_535)
        {
            errors.Add($"client id '{o.ClientId}' is not a valid MQTT string");
        }

        if (o.ClientId.Length == 0 && !o.CleanSession)
        {
            errors.Add("an empty client id needs a clean session (MQTT-3.1.3-7)");
        }

        if (o.KeepAlive < TimeSpan.Zero || o.KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            errors.Add($"keep-alive {o.KeepAlive} must be 0 to {ushort.MaxValue} s");
        }

        if (o.Password is not null && o.UserName is null)
        {
            errors.Add("a password needs a user name (MQTT-3.1.2-22)");
        }

        if (o.Will is not null && !TopicFilter.IsValidTopicName(o.Will.Topic))
        {
            errors.Add($"will topic '{o.Will.Topic}' is not a valid topic name");
        }

        if (o.ConnectTimeout <= TimeSpan.Zero || o.ReconnectMinDelay <= TimeSpan.Zero || o.ReconnectMaxDelay < o.ReconnectMinDelay)
        {
            errors.Add("connect timeout and reconnect delays must be positive, with max delay >= min delay");
        }

        if (o.MaxInflight is < 1 or > 65_000)
        {
            errors.Add($"max in-flight {o.MaxInflight} must be 1 to 65,000");
        }

        if (o.MaximumPacketSize < MqttPacketReader.MinimumPacketSize)
        {
            errors.Add($"maximum packet size {o.MaximumPacketSize} is too small");
        }

        return errors.Count == 0
            ? o with { ConnectTransport = Transport! }
            : throw new ArgumentException("Invalid MQTT client options: " + string.Join("; ", errors) + ".");
    }
}
