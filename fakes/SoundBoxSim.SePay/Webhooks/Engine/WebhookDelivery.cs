using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Webhooks.Engine;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryState
{
    /// <summary>Accepted; an attempt is due or running.</summary>
    Pending,

    /// <summary>The receiver accepted it.</summary>
    Succeeded,

    /// <summary>Given up: the retry profile ran out, or a failure no retry helps.</summary>
    Failed,
}

/// <summary>One transaction's delivery to one webhook, with every attempt (the durable delivery log's entry).</summary>
/// <param name="Id">The log's id.</param>
/// <param name="WebhookId">The webhook it goes to (its settings are read afresh at each attempt).</param>
/// <param name="TransactionId">The transaction it reports.</param>
/// <param name="ReplayOf">For a manual replay, the entry replayed ("Replayed from #id"); else null.</param>
/// <param name="Payload">The payload, fixed when the delivery was accepted.</param>
/// <param name="State">Pending, succeeded or failed.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="FirstAttemptAt">When the first attempt started (the retry profile counts from it).</param>
/// <param name="NextAttemptAt">When the next attempt is due while pending.</param>
/// <param name="Attempts">Every attempt, oldest first.</param>
/// <param name="Outcome">Why it ended, in words, once it has.</param>
public sealed record WebhookDelivery(
    long Id, long WebhookId, long TransactionId, long? ReplayOf, WebhookPayload Payload, DeliveryState State, DateTimeOffset CreatedAt,
    DateTimeOffset? FirstAttemptAt, DateTimeOffset? NextAttemptAt, IReadOnlyList<AttemptRecord> Attempts, string? Outcome);

/// <summary>A webhook's alert state (contract 3.8): consecutive failed deliveries, and the alerts raised.</summary>
/// <param name="WebhookId">The webhook.</param>
/// <param name="ConsecutiveFailures">Failed deliveries since the last success.</param>
/// <param name="Alerting">A failure alert is raised and no recovery yet.</param>
/// <param name="Alerts">Every alert, oldest first.</param>
public sealed record WebhookHealth(long WebhookId, int ConsecutiveFailures, bool Alerting, IReadOnlyList<WebhookAlert> Alerts);

/// <summary>An alert: <c>failure</c> at the threshold of consecutive failures, <c>recovery</c> at the first success after it.</summary>
public sealed record WebhookAlert(string Kind, DateTimeOffset At, int ConsecutiveFailures, long DeliveryId);
