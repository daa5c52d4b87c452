namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>What <see cref="Session.Enqueue"/> did with a message.</summary>
internal enum EnqueueOutcome
{
    /// <summary>Queued for sending.</summary>
    Queued,

    /// <summary>Not queued, by design: QoS 0 for an offline client, or the session has ended.</summary>
    Skipped,

    /// <summary>The queue was full, so a message was dropped to make room: an older QoS 0 one, or this one.</summary>
    Dropped,

    /// <summary>As <see cref="Dropped"/>, and the first drop since the queue last had room: worth one log line.</summary>
    FirstDrop,
}
