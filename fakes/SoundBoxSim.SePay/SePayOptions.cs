using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.SePay.UserApi;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.SePay;

/// <summary>The fake SePay backend. Every default gives a working fake on this machine alone.</summary>
public sealed record SePayOptions
{
    /// <summary>The clock of everything: transaction dates, tokens, retries (default the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The SQLite file that keeps accounts, transactions, webhooks and deliveries across restarts (default: none, in memory).</summary>
    public string? StoreFile { get; init; }

    /// <summary>The bank side: company, accounts, VAs, limits (its clock is replaced by <see cref="TimeProvider"/>).</summary>
    public LedgerOptions Ledger { get; init; } = new();

    /// <summary>How webhooks are delivered: success rule, retry profile, concurrency (contract 8.2 defaults).</summary>
    public DeliveryEngineOptions Delivery { get; init; } = new();

    /// <summary>The OAuth2 server of the management APIs: clients, token lifetimes (its clock is replaced by <see cref="TimeProvider"/>).</summary>
    public OAuthOptions OAuth { get; init; } = new();

    /// <summary>The legacy transactions API (<c>/userapi</c>): its API tokens and rate limit (its clock is replaced by <see cref="TimeProvider"/>).</summary>
    public UserApiOptions UserApi { get; init; } = new();
}
