namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// Finds, creates, resumes and ends sessions by client id (section 3.1.2.4), and decides takeovers (MQTT-3.1.4-2).
/// Thread-safe; its lock is held only while a connection attaches or detaches, never per message.
/// </summary>
internal sealed class SessionManager(SubscriptionTable subscriptions, int maxQueued, int maxInflight)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_lock) { return _sessions.Count; } }
    }

    public Session[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _sessions.Values];
        }
    }

    /// <summary>
    /// Attaches <paramref name="connection"/> to the session of <paramref name="clientId"/>.
    /// Clean Session 1 always starts a new session; Clean Session 0 resumes a stored persistent session, with Session
    /// Present set (MQTT-3.2.2-2), or starts one (MQTT-3.2.2-3). Returns the connection that held the client id
    /// before, which the caller must close (MQTT-3.1.4-2).
    /// </summary>
    public (Session Session, bool Present, ClientConnection? Previous) Attach(ClientConnection connection, string clientId, bool cleanSession)
    {
        lock (_lock)
        {
            _sessions.TryGetValue(clientId, out var existing);
            var previous = existing?.Connection;
            if (existing is not null && (cleanSession || !existing.Persistent))
            {
                // MQTT-3.1.2-6: a clean session discards the previous one; a clean one was never meant to last.
                existing.End(subscriptions);
                existing = null;
            }

            var present = existing is not null;
            var session = existing ?? new Session(clientId, maxQueued, maxInflight);
            _sessions[clientId] = session;
            session.Attach(connection, persistent: !cleanSession);
            return (session, present, previous);
        }
    }

    /// <summary>
    /// Detaches a connection that ended. A clean session ends with it (MQTT-3.1.2-6); a persistent one stays and
    /// queues QoS 1 and 2 messages until the client returns. Does nothing when another connection took the session.
    /// </summary>
    public void Detach(ClientConnection connection, Session session)
    {
        lock (_lock)
        {
            if (!session.Detach(connection) || session.Persistent)
            {
                return;
            }

            session.End(subscriptions);
            if (_sessions.TryGetValue(session.ClientId, out var current) && current == session)
            {
                _sessions.Remove(session.ClientId);
            }
        }
    }

    /// <summary>Ends every session (the broker is stopping).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            foreach (var session in _sessions.Values)
            {
                session.End(subscriptions);
            }

            _sessions.Clear();
        }
    }
}
