using System.Globalization;
using SoundBoxSim.Mqtt.Broker.Internal;

namespace SoundBoxSim.Mqtt.Broker;

/// <summary>
/// Live counters of an <see cref="MqttBroker"/>. Thread-safe; each property reads the current value, so several
/// reads are not one atomic snapshot. Counters only grow; "current" values and queue depths go up and down. The
/// queue depths and session counts walk the sessions when read, so read them about once a second, not per message.
/// </summary>
public sealed class MqttBrokerMetrics
{
    private readonly long[] _counters = new long[Enum.GetValues<Counter>().Length];
    private readonly SessionManager _sessions;
    private readonly SubscriptionTable _subscriptions;
    private readonly RetainedStore _retained;

    internal MqttBrokerMetrics(SessionManager sessions, SubscriptionTable subscriptions, RetainedStore retained)
    {
        _sessions = sessions;
        _subscriptions = subscriptions;
        _retained = retained;
    }

    /// <summary>Connections being served now (TCP and in-memory), whether or not they have sent CONNECT yet.</summary>
    public long CurrentConnections => Read(Counter.CurrentConnections);

    /// <summary>Connections served since the broker was created.</summary>
    public long TotalConnections => Read(Counter.TotalConnections);

    /// <summary>Connections whose CONNECT was accepted and that are still open.</summary>
    public long ConnectedClients => Read(Counter.ConnectedClients);

    /// <summary>Sessions stored: those of connected clients plus persistent sessions of offline clients.</summary>
    public int Sessions => _sessions.Count;

    /// <summary>Subscriptions, counting each (session, filter) pair once.</summary>
    public int Subscriptions => _subscriptions.Count;

    /// <summary>
    /// Application messages routed: PUBLISH packets from clients that the ACL allowed (a resent QoS 1 message counts
    /// again, a resent QoS 2 one does not), Wills published and <see cref="MqttBroker.Publish"/> calls.
    /// </summary>
    public long MessagesReceived => Read(Counter.MessagesReceived);

    /// <summary>PUBLISH packets sent to clients, redeliveries included.</summary>
    public long MessagesSent => Read(Counter.MessagesSent);

    /// <summary>Bytes of whole packets received from clients.</summary>
    public long BytesReceived => Read(Counter.BytesReceived);

    /// <summary>Bytes of packets sent to clients.</summary>
    public long BytesSent => Read(Counter.BytesSent);

    /// <summary>Messages dropped because a session's queue was full (<see cref="MqttBrokerOptions.MaxQueuedMessagesPerSession"/>).</summary>
    public long MessagesDropped => Read(Counter.MessagesDropped);

    /// <summary>Messages waiting in all session queues now (not counting those in flight).</summary>
    public long QueuedMessages => _sessions.Snapshot().Sum(session => (long)session.QueuedCount);

    /// <summary>The longest session queue now.</summary>
    public int MaxQueuedMessages => _sessions.Snapshot().Select(session => session.QueuedCount).DefaultIfEmpty().Max();

    /// <summary>QoS 1 and 2 messages sent and not yet acknowledged, over all sessions.</summary>
    public long InflightMessages => _sessions.Snapshot().Sum(session => (long)session.InflightCount);

    /// <summary>Topics with a retained message.</summary>
    public int RetainedMessages => _retained.Count;

    /// <summary>CONNECTs answered with a non-zero CONNACK code (bad protocol level, credentials, identifier...).</summary>
    public long RefusedConnections => Read(Counter.RefusedConnections);

    /// <summary>Connections closed because they broke a protocol rule (malformed or unexpected packets).</summary>
    public long ProtocolErrors => Read(Counter.ProtocolErrors);

    /// <summary>Connections closed because nothing arrived within the keep-alive limit.</summary>
    public long KeepAliveTimeouts => Read(Counter.KeepAliveTimeouts);

    /// <summary>Connections closed because no CONNECT arrived within <see cref="MqttBrokerOptions.ConnectTimeout"/>.</summary>
    public long ConnectTimeouts => Read(Counter.ConnectTimeouts);

    /// <summary>Connections closed because a new connection came with the same client id.</summary>
    public long Takeovers => Read(Counter.Takeovers);

    /// <summary>PUBLISH packets dropped because <see cref="MqttBrokerOptions.Authorize"/> refused them.</summary>
    public long DeniedPublishes => Read(Counter.DeniedPublishes);

    /// <summary>Will messages published for connections that ended without DISCONNECT.</summary>
    public long WillsPublished => Read(Counter.WillsPublished);

    /// <summary>The main figures on one line, for a console.</summary>
    /// <returns>For example "connections 3 (total 10), clients 2, sessions 4, in 120 msgs / 9.1 kB, ...".</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"connections {CurrentConnections} (total {TotalConnections}), clients {ConnectedClients}, sessions {Sessions}, " +
        $"in {MessagesReceived} msgs / {BytesReceived} B, out {MessagesSent} msgs / {BytesSent} B, queued {QueuedMessages} (max {MaxQueuedMessages}), " +
        $"dropped {MessagesDropped}, retained {RetainedMessages}, refused {RefusedConnections}, protocol errors {ProtocolErrors}, " +
        $"keep-alive timeouts {KeepAliveTimeouts}, connect timeouts {ConnectTimeouts}");

    internal void Add(Counter counter, long value = 1) => Interlocked.Add(ref _counters[(int)counter], value);

    private long Read(Counter counter) => Interlocked.Read(ref _counters[(int)counter]);
}
