using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Webhooks.Engine;

/// <summary>How the delivery engine sends webhooks. Every default is contract 8.2's.</summary>
public sealed record DeliveryEngineOptions
{
    /// <summary>What counts as delivered (default <see cref="SuccessRule.Strict"/>: 200/201 and <c>{"success": true}</c>, 201 for OAuth2.0).</summary>
    public SuccessRule SuccessRule { get; init; } = SuccessRule.Strict;

    /// <summary>Retry intervals and timeouts (default <see cref="RetryProfile.Seed"/>).</summary>
    public RetryProfile Profile { get; init; } = RetryProfile.Seed;

    /// <summary>Attempts in flight at once, in all (default 1,024).</summary>
    public int MaxConcurrency { get; init; } = 1_024;

    /// <summary>Attempts in flight at once to one receiver (scheme, host and port; default 128), so one slow receiver cannot starve the others.</summary>
    public int MaxConcurrencyPerDestination { get; init; } = 128;

    /// <summary>Most entries one manual replay may name (SePay: 20).</summary>
    public int MaxReplayBatch { get; init; } = 20;

    /// <summary>Manual replays allowed per minute (SePay: 10 per company).</summary>
    public int MaxReplaysPerMinute { get; init; } = 10;

    /// <summary>Finished entries kept in the delivery log (default 100,000); the oldest finished ones go first, pending ones never.</summary>
    public int MaxLogEntries { get; init; } = 100_000;

    /// <summary>Where log lines go (default nowhere).</summary>
    public Action<string>? Log { get; init; }
}
