using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>What every connection of one broker shares: options, stores, metrics, log, and message routing.</summary>
internal sealed class BrokerContext : IDisposable
{
    // Matching scratch space, one per thread: routing is never re-entered on a thread, and this saves a
    // dictionary per PUBLISH.
    [ThreadStatic]
    private static Dictionary<Session, QualityOfService>? t_matches;

    public BrokerContext(MqttBrokerOptions options)
    {
        Options = options;
        Log = new BrokerLog(options.Log);
        Subscriptions = new SubscriptionTable();
        Retained = new RetainedStore();
        Sessions = new SessionManager(Subscriptions, options.MaxQueuedMessagesPerSession, options.MaxInflightMessagesPerSession);
        Metrics = new MqttBrokerMetrics(Sessions, Subscriptions, Retained);
    }

    public MqttBrokerOptions Options { get; }

    public TimeProvider Time => Options.TimeProvider;

    public BrokerLog Log { get; }

    public SubscriptionTable Subscriptions { get; }

    public RetainedStore Retained { get; }

    public SessionManager Sessions { get; }

    public MqttBrokerMetrics Metrics { get; }

    /// <summary>
    /// Routes an application message: stores or deletes it as retained if asked (section 3.3.1.3), then queues it
    /// once for every session with a matching subscription, at the lower of its QoS and the subscription's
    /// (section 3.8.4), with Retain cleared (MQTT-3.3.1-9). All QoS 0 recipients share one packet instance.
    /// </summary>
    /// <returns>The number of sessions it was queued for.</returns>
    public int Publish(PublishPacket message)
    {
        Metrics.Add(Counter.MessagesReceived);
        if (message.Retain)
        {
            Retained.Set(message);
        }

        var template = message is { Retain: false, Dup: false, PacketId: 0 }
            ? message
            : message with { Retain = false, Dup = false, PacketId = 0 };
        PublishPacket? atMostOnce = template.QoS == QualityOfService.AtMostOnce ? template : null;

        var matches = t_matches ??= [];
        Subscriptions.Match(message.Topic, matches);
        var queued = 0;
        try
        {
            foreach (var (session, granted) in matches)
            {
                var qos = granted < message.QoS ? granted : message.QoS;
                var packet = qos == QualityOfService.AtMostOnce
                    ? atMostOnce ??= template with { QoS = QualityOfService.AtMostOnce }
                    : template;
                queued += Count(session, session.Enqueue(new QueuedMessage(packet, qos))) ? 1 : 0;
            }
        }
        finally
        {
            matches.Clear();
        }

        return queued;
    }

    /// <summary>Counts a queueing outcome (drops, and one log line per run of drops); true when the message was queued.</summary>
    public bool Count(Session session, EnqueueOutcome outcome)
    {
        switch (outcome)
        {
            case EnqueueOutcome.FirstDrop:
                Metrics.Add(Counter.MessagesDropped);
                Log.Write(MqttLogLevel.Warning, $"client '{session.ClientId}': its queue is full ({Options.MaxQueuedMessagesPerSession} messages), dropping the oldest QoS 0 messages first; see MessagesDropped");
                return true;
            case EnqueueOutcome.Dropped:
                Metrics.Add(Counter.MessagesDropped);
                return true;
            case EnqueueOutcome.Queued:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Asks <see cref="MqttBrokerOptions.Authorize"/>; a callback that throws means no.</summary>
    public bool IsAuthorized(string clientId, string? userName, string topic, TopicAccess access)
    {
        if (Options.Authorize is not { } authorize)
        {
            return true;
        }

        try
        {
            return authorize(clientId, userName, topic, access);
        }
        catch (Exception ex) // A user callback's failure is logged and answered "no"; it must not end the connection.
        {
            Log.Write(MqttLogLevel.Error, $"client '{clientId}': the Authorize callback threw {ex.GetType().Name} for '{topic}' ({access}): {ex.Message}; refused");
            return false;
        }
    }

    /// <summary>Asks <see cref="MqttBrokerOptions.Authenticate"/>; a callback that throws gives 0x03 (server unavailable).</summary>
    public ConnectReturnCode Authenticate(string clientId, string? userName, ReadOnlyMemory<byte>? password)
    {
        if (Options.Authenticate is not { } authenticate)
        {
            return ConnectReturnCode.Accepted;
        }

        try
        {
            var code = authenticate(clientId, userName, password);
            if (code is >= ConnectReturnCode.Accepted and <= ConnectReturnCode.NotAuthorized)
            {
                return code;
            }

            Log.Write(MqttLogLevel.Error, $"client '{clientId}': the Authenticate callback returned {(int)code}, which is no CONNACK code; refused with 0x03");
            return ConnectReturnCode.ServerUnavailable;
        }
        catch (Exception ex) // See IsAuthorized.
        {
            Log.Write(MqttLogLevel.Error, $"client '{clientId}': the Authenticate callback threw {ex.GetType().Name}: {ex.Message}; refused with 0x03");
            return ConnectReturnCode.ServerUnavailable;
        }
    }

    public void Dispose() => Subscriptions.Dispose();
}
