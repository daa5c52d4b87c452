using SoundBoxSim.SePay.Ledger;

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
}
