using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Storage;
using SoundBoxSim.SePay.Webhooks;

namespace SoundBoxSim.SePay;

/// <summary>The fake SePay backend's state: the store, the bank ledger and the webhooks.</summary>
public sealed class SePayBackend : IDisposable
{
    private readonly DocumentStore _store;

    /// <summary>Opens the store (or none) and loads or seeds the state.</summary>
    /// <exception cref="InvalidOperationException">The store file cannot be used; the message names it.</exception>
    public SePayBackend(SePayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _store = options.StoreFile is { } file ? DocumentStore.Open(file) : DocumentStore.InMemory();
        Ledger = new BankLedger(options.Ledger with { TimeProvider = options.TimeProvider }, _store);
        Webhooks = new WebhookRegistry(Ledger, _store, options.TimeProvider);
    }

    /// <summary>The options it runs with.</summary>
    public SePayOptions Options { get; }

    /// <summary>The company, accounts, VAs and transactions.</summary>
    public BankLedger Ledger { get; }

    /// <summary>The webhooks.</summary>
    public WebhookRegistry Webhooks { get; }

    /// <summary>The store (for the delivery log).</summary>
    public DocumentStore Store => _store;

    /// <summary>Back to the seed data: no transactions, no webhooks.</summary>
    public void Reset()
    {
        Webhooks.Clear();
        Ledger.Reset();
    }

    /// <summary>Closes the store.</summary>
    public void Dispose() => _store.Dispose();
}
