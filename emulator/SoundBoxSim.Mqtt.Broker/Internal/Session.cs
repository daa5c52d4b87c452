using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// The broker's state for one client id (section 3.1.2.4): its subscriptions, the messages queued for it, the QoS 1
/// and 2 messages in flight to it, the inbound QoS 2 packet ids awaiting PUBREL, and the control packets (acks) for
/// its current connection. A persistent session outlives its connections; a clean one ends with its connection.
/// </summary>
/// <remarks>
/// Thread-safe: everything is guarded by one lock. Lock order: the session manager's lock, then this one,
/// then the subscription table's or the retained store's; nothing takes a session lock while holding those.
/// Methods that take a connection act only while that connection is the attached one, so a connection that was
/// just taken over cannot change the session any more. Those are called by that connection's own read loop, which
/// sends what they queued before it reads again, so they do not wake its writer; only <see cref="Enqueue"/>, called
/// while routing another client's message, does.
/// Everything queued gets the next sequence number, and the writer sends in that order (a message held back by a full
/// in-flight window lets later control packets pass), so a PINGRESP never overtakes a message routed before the PINGREQ.
/// </remarks>
internal sealed partial class Session(string clientId, int maxQueued, int maxInflight)
{
    private readonly Dictionary<string, QualityOfService> _subscriptions = new(StringComparer.Ordinal);
    private readonly MessageQueue _queue = new(maxQueued);
    private readonly Queue<(long Sequence, MqttPacket Packet)> _control = new();
    private OrderedDictionary<ushort, Outgoing>? _inflight;
    private HashSet<ushort>? _awaitingRelease;
    private ushort _lastPacketId;
    private long _sequence;
    private bool _resendInflight;
    private bool _overflowing;
    private bool _ended;
    private ClientConnection? _connection;

    private readonly Lock _sync = new();

    public string ClientId { get; } = clientId;

    /// <summary>Whether the session outlives its connection (CONNECT with Clean Session 0).</summary>
    public bool Persistent { get; private set; }

    public int QueuedCount
    {
        get { lock (_sync) { return _queue.Count; } }
    }

    public int InflightCount
    {
        get { lock (_sync) { return _inflight?.Count ?? 0; } }
    }

    public int ControlBacklog
    {
        get { lock (_sync) { return _control.Count; } }
    }

    public ClientConnection? Connection
    {
        get { lock (_sync) { return _connection; } }
    }

    /// <summary>
    /// Makes <paramref name="connection"/> the session's connection. Its writer will first resend the QoS 1 and 2
    /// messages still unacknowledged, with DUP set (MQTT-4.4.0-1), then the queue.
    /// </summary>
    public void Attach(ClientConnection connection, bool persistent)
    {
        lock (_sync)
        {
            _connection = connection;
            Persistent = persistent;
            _control.Clear();
            _resendInflight = _inflight is { Count: > 0 };
        }
    }

    /// <summary>Lets go of <paramref name="connection"/>; false when it is no longer the session's connection.</summary>
    public bool Detach(ClientConnection connection)
    {
        lock (_sync)
        {
            if (_connection != connection)
            {
                return false;
            }

            _connection = null;
            _control.Clear();
            return true;
        }
    }

    /// <summary>Ends the session: drops its subscriptions from <paramref name="table"/> and everything it holds.</summary>
    public void End(SubscriptionTable table)
    {
        lock (_sync)
        {
            _ended = true;
            _connection = null;
            foreach (var filter in _subscriptions.Keys)
            {
                table.Remove(filter, this);
            }

            _subscriptions.Clear();
            _queue.Clear();
            _control.Clear();
            _inflight = null;
            _awaitingRelease = null;
        }
    }

    /// <summary>
    /// Queues a message: always while connected; while offline only QoS 1 and 2, and only for a persistent session
    /// (QoS 0 is at most once: an offline client simply misses it, as with Mosquitto's defaults).
    /// </summary>
    public EnqueueOutcome Enqueue(QueuedMessage message)
    {
        ClientConnection? wake;
        EnqueueOutcome outcome;
        lock (_sync)
        {
            wake = _connection;
            if (_ended || (wake is null && (!Persistent || message.QoS == QualityOfService.AtMostOnce)))
            {
                return EnqueueOutcome.Skipped;
            }

            // Wake the writer only when this message can go now and nothing was waiting: a non-empty queue means a
            // wake-up is already on its way, or the in-flight window is full and the read loop sends once acks free it.
            if (_queue.Count > 0 || (message.QoS != QualityOfService.AtMostOnce && (_inflight?.Count ?? 0) >= maxInflight))
            {
                wake = null;
            }

            outcome = EnqueueNeedsLock(message);
        }

        wake?.Wake();
        return outcome;
    }

    /// <summary>Queues a control packet (an ack, PINGRESP) for <paramref name="from"/>'s connection.</summary>
    public void EnqueueControl(ClientConnection from, MqttPacket packet)
    {
        lock (_sync)
        {
            if (_connection == from)
            {
                EnqueueControlNeedsLock(packet);
            }
        }
    }

    /// <summary>
    /// Applies a SUBSCRIBE: records each granted filter (replacing an identical one, MQTT-3.8.4-3), queues the SUBACK
    /// and then the retained messages each granted filter matches, with Retain set (MQTT-3.3.1-6, MQTT-3.3.1-8).
    /// All under one lock, so the writer never sends those retained messages ahead of the SUBACK.
    /// </summary>
    /// <returns>The outcomes of queueing the retained messages (drops to count), or null when <paramref name="from"/> is stale.</returns>
    public List<EnqueueOutcome>? Subscribe(
        ClientConnection from, SubscribePacket subscribe, SubAckReturnCode[] codes, SubscriptionTable table, RetainedStore retained)
    {
        List<EnqueueOutcome> outcomes = [];
        lock (_sync)
        {
            if (_connection != from)
            {
                return null;
            }

            // The SUBACK's place comes before the retained messages it lets through.
            _control.Enqueue((++_sequence, new SubAckPacket(subscribe.PacketId, codes)));
            List<PublishPacket> matches = [];
            for (var i = 0; i < codes.Length; i++)
            {
                if (codes[i] == SubAckReturnCode.Failure)
                {
                    continue;
                }

                var filter = subscribe.Subscriptions[i].Filter;
                var granted = (QualityOfService)codes[i];
                _subscriptions[filter] = granted;
                table.Add(filter, this, granted);
                matches.Clear();
                retained.Match(filter, matches);
                foreach (var message in matches)
                {
                    var qos = (QualityOfService)Math.Min((byte)message.QoS, (byte)granted);
                    outcomes.Add(EnqueueNeedsLock(new QueuedMessage(message, qos)));
                }
            }
        }

        return outcomes;
    }

    /// <summary>Applies an UNSUBSCRIBE and queues the UNSUBACK, sent even when nothing matched (MQTT-3.10.4-5).</summary>
    public void Unsubscribe(ClientConnection from, UnsubscribePacket unsubscribe, SubscriptionTable table)
    {
        lock (_sync)
        {
            if (_connection != from)
            {
                return;
            }

            foreach (var filter in unsubscribe.TopicFilters)
            {
                if (_subscriptions.Remove(filter))
                {
                    table.Remove(filter, this);
                }
            }

            EnqueueControlNeedsLock(new UnsubAckPacket(unsubscribe.PacketId));
        }
    }

    private void EnqueueControlNeedsLock(MqttPacket packet) => _control.Enqueue((++_sequence, packet));

    private EnqueueOutcome EnqueueNeedsLock(QueuedMessage message)
    {
        if (!_queue.Enqueue(message with { Sequence = ++_sequence }))
        {
            return EnqueueOutcome.Queued;
        }

        var first = !_overflowing;
        _overflowing = true;
        return first ? EnqueueOutcome.FirstDrop : EnqueueOutcome.Dropped;
    }
}
