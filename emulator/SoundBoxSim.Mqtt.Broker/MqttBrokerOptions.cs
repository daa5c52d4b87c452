using System.Net;
using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker;

/// <summary>
/// How an <see cref="MqttBroker"/> listens, limits and decides. Immutable: change a copy with <c>with</c>. The broker
/// checks every value once, when it is constructed, and reports all problems in one <see cref="ArgumentException"/>.
/// </summary>
/// <example>
/// <code>
/// await using var broker = new MqttBroker(new MqttBrokerOptions { Port = 0 });
/// await broker.StartAsync(ct);
/// Console.WriteLine($"listening on {broker.LocalEndPoint}");
/// </code>
/// </example>
public sealed record MqttBrokerOptions
{
    /// <summary>The address <see cref="MqttBroker.StartAsync"/> listens on. The default is 127.0.0.1 (loopback only).</summary>
    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The TCP port <see cref="MqttBroker.StartAsync"/> listens on, 0 to 65,535; 0 picks any free port, which
    /// <see cref="MqttBroker.LocalEndPoint"/> then shows. The default is 1883.
    /// </summary>
    public int Port { get; init; } = BrokerDefaults.Port;

    /// <summary>
    /// The largest packet, fixed header included, a client may send, from 2 bytes to the 268,435,460 MQTT allows. A
    /// larger one closes the connection as soon as its length is read, before its body is buffered. The default is
    /// 1 MiB (1,048,576 bytes).
    /// </summary>
    public int MaximumPacketSize { get; init; } = BrokerDefaults.MaximumPacketSize;

    /// <summary>
    /// How long a new connection may take to send CONNECT before it is closed, which stops slow-loris clients from
    /// holding connections open (MQTT 3.1.1 section 3.1). Must be positive. The default is 10 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = BrokerDefaults.ConnectTimeout;

    /// <summary>
    /// The most messages one session holds waiting to be sent, from 1 up: while its client is slow, or offline with a
    /// persistent session (QoS 1 and 2 only). When a new message would overflow the queue, the oldest QoS 0 message is
    /// dropped, or the oldest message of any QoS if none is QoS 0; every drop is counted in
    /// <see cref="MqttBrokerMetrics.MessagesDropped"/> and the first of a run is logged. The default is 1,000.
    /// </summary>
    public int MaxQueuedMessagesPerSession { get; init; } = BrokerDefaults.MaxQueuedMessagesPerSession;

    /// <summary>
    /// The most QoS 1 and 2 messages sent to one client and not yet acknowledged, 1 to 65,000; further ones wait in
    /// the queue. The default is 20, as in Mosquitto.
    /// </summary>
    public int MaxInflightMessagesPerSession { get; init; } = BrokerDefaults.MaxInflightMessagesPerSession;

    /// <summary>
    /// How many keep-alive periods may pass without a packet from the client before the broker closes the connection
    /// and publishes its Will; at least 1. The spec sets one and a half (MQTT-3.1.2-24). The default is 1.5.
    /// </summary>
    public double KeepAliveFactor { get; init; } = BrokerDefaults.KeepAliveFactor;

    /// <summary>
    /// Decides whether a CONNECT is accepted; <see langword="null"/> accepts every client. If it throws, the client is
    /// refused with CONNACK 0x03 (server unavailable) and the exception is logged. The default is <see langword="null"/>.
    /// </summary>
    public MqttAuthenticateCallback? Authenticate { get; init; }

    /// <summary>
    /// A per-client topic ACL; <see langword="null"/> allows everything. A refused subscription gets SUBACK 0x80; a
    /// refused PUBLISH is acknowledged as usual and dropped, as Mosquitto does, since MQTT 3.1.1 has no way to say
    /// no; a refused Will topic refuses the CONNECT with 0x05. If it throws, the answer is no. The default is
    /// <see langword="null"/>.
    /// </summary>
    public MqttAuthorizeCallback? Authorize { get; init; }

    /// <summary>
    /// The clock for keep-alive and CONNECT timeouts; tests pass a manual clock. The default is
    /// <see cref="System.TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the broker writes its log lines, one line per event (a connection's end is always exactly one line, with
    /// the remote address, the client id and the rule broken); <see langword="null"/> writes nothing. Called from many
    /// threads at once; an exception it throws is swallowed. The default is <see langword="null"/>.
    /// </summary>
    /// <example><c>Log = (level, line) => Console.Error.WriteLine($"{level}: {line}")</c></example>
    public MqttLogger? Log { get; init; }

    /// <summary>Every problem with these options, empty when there is none.</summary>
    internal List<string> FindProblems()
    {
        List<string> problems = [];
        if (Bind is null)
        {
            problems.Add("Bind must be an IP address.");
        }

        if (Port is < 0 or > 65_535)
        {
            problems.Add($"Port is {Port}; it must be 0 to 65535.");
        }

        if (MaximumPacketSize is < MqttPacketReader.MinimumPacketSize or > MqttPacketReader.ProtocolMaximumPacketSize)
        {
            problems.Add($"MaximumPacketSize is {MaximumPacketSize}; it must be {MqttPacketReader.MinimumPacketSize} to {MqttPacketReader.ProtocolMaximumPacketSize}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add($"ConnectTimeout is {ConnectTimeout}; it must be positive.");
        }

        if (MaxQueuedMessagesPerSession < 1)
        {
            problems.Add($"MaxQueuedMessagesPerSession is {MaxQueuedMessagesPerSession}; it must be at least 1.");
        }

        if (MaxInflightMessagesPerSession is < 1 or > 65_000)
        {
            problems.Add($"MaxInflightMessagesPerSession is {MaxInflightMessagesPerSession}; it must be 1 to 65000.");
        }

        if (!(KeepAliveFactor >= 1) || double.IsInfinity(KeepAliveFactor))
        {
            problems.Add($"KeepAliveFactor is {KeepAliveFactor}; it must be a finite number of at least 1.");
        }

        if (TimeProvider is null)
        {
            problems.Add("TimeProvider must be set; use TimeProvider.System for the real clock.");
        }

        return problems;
    }
}
