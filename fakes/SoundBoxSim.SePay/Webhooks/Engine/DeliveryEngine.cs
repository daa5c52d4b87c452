using System.Collections.Concurrent;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Webhooks.Engine;

/// <summary>A replay the engine refuses: the HTTP status to answer and why.</summary>
public sealed class DeliveryException(int status, string message) : Exception(message)
{
    /// <summary>400 (bad batch), 404 (unknown entry) or 429 (too many replays).</summary>
    public int Status { get; } = status;
}

/// <summary>
/// Delivers webhooks like SePay: each new transaction becomes one delivery per matching webhook, written to the
/// delivery log before the first attempt (at-least-once: a pending delivery found in the store at start is attempted
/// again), attempted with the webhook's current settings, retried on the clock by the retry profile, bounded in
/// concurrency per receiver, and ended visibly (succeeded, or failed with the reason). Alert counters per webhook.
/// </summary>
public sealed class DeliveryEngine : IAsyncDisposable
{
    private const string DeliveryKind = "delivery", HealthKind = "webhook-health";
    private readonly SePayBackend _sepay;
    private readonly DeliveryEngineOptions _options;
    private readonly WebhookSender _sender;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, WebhookDelivery> _log = [];
    private readonly Dictionary<long, WebhookHealth> _health = [];
    private readonly Dictionary<long, ITimer> _timers = [];
    private readonly Queue<DateTimeOffset> _replays = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perDestination = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _global;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private long _nextId;
    private int _finished;

    /// <summary>Loads the delivery log and alert state from the backend's store and listens for new transactions.</summary>
    public DeliveryEngine(SePayBackend sepay, DeliveryEngineOptions? options = null, WebhookSender? sender = null)
    {
        _sepay = sepay;
        _options = options ?? new DeliveryEngineOptions();
        _time = sepay.Options.TimeProvider;
        _sender = sender ?? new WebhookSender(new WebhookSenderOptions { TimeProvider = _time });
        _global = new SemaphoreSlim(_options.MaxConcurrency);
        foreach (var delivery in sepay.Store.Load<WebhookDelivery>(DeliveryKind))
        {
            _log[delivery.Id] = delivery;
            _finished += delivery.State == DeliveryState.Pending ? 0 : 1;
        }

        foreach (var health in sepay.Store.Load<WebhookHealth>(HealthKind))
        {
            _health[health.WebhookId] = health;
        }

        _nextId = _log.Count == 0 ? 1 : _log.Keys.Max() + 1;
        sepay.Ledger.TransactionCreated += OnTransaction;
    }

    /// <summary>Raised after every change of a delivery (accepted, attempted, ended), outside the engine's lock.</summary>
    public event Action<WebhookDelivery>? Changed;

    /// <summary>The delivery log, oldest first.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries
    {
        get { lock (_gate) { return [.. _log.Values]; } }
    }

    /// <summary>The log entry <paramref name="id"/>, or null.</summary>
    public WebhookDelivery? Find(long id)
    {
        lock (_gate)
        {
            return _log.GetValueOrDefault(id);
        }
    }

    /// <summary>The alert state of webhook <paramref name="webhookId"/>.</summary>
    public WebhookHealth Health(long webhookId)
    {
        lock (_gate)
        {
            return _health.GetValueOrDefault(webhookId) ?? new WebhookHealth(webhookId, 0, false, []);
        }
    }

    /// <summary>Attempts every pending delivery of the log that is due, and schedules the others (call once, at start).</summary>
    public void Start()
    {
        List<WebhookDelivery> pending;
        lock (_gate)
        {
            pending = [.. _log.Values.Where(d => d.State == DeliveryState.Pending)];
        }

        foreach (var delivery in pending)
        {
            Schedule(delivery);
        }
    }

    /// <summary>Replays log entries now, to each webhook's current settings, as new entries "replayed from #id".</summary>
    /// <exception cref="DeliveryException">Too many at once or this minute, or an unknown entry.</exception>
    public IReadOnlyList<WebhookDelivery> Replay(IReadOnlyList<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0 || ids.Count > _options.MaxReplayBatch)
        {
            throw new DeliveryException(400, $"replay 1 to {_options.MaxReplayBatch} log entries at once; got {ids.Count}");
        }

        List<WebhookDelivery> replays = [];
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (!_log.ContainsKey(id))
                {
                    throw new DeliveryException(404, $"no delivery log entry {id}");
                }
            }

            var now = _time.GetUtcNow();
            while (_replays.Count > 0 && now - _replays.Peek() >= TimeSpan.FromMinutes(1))
            {
                _replays.Dequeue();
            }

            if (_replays.Count + ids.Count > _options.MaxReplaysPerMinute)
            {
                throw new DeliveryException(429, $"at most {_options.MaxReplaysPerMinute} replays a minute (SePay's limit); {_replays.Count} in the last minute, try again shortly");
            }

            foreach (var id in ids.Distinct())
            {
                _replays.Enqueue(now);
                var original = _log[id];
                replays.Add(AddNeedsLock(original.WebhookId, original.TransactionId, original.Payload, id, now));
            }
        }

        foreach (var replay in replays)
        {
            Publish(replay);
            Dispatch(replay.Id);
        }

        return replays;
    }

    /// <summary>Forgets the log and the alert state (control API reset); attempts in flight finish unrecorded.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
            _log.Clear();
            _health.Clear();
            _replays.Clear();
            _finished = 0;
            _sepay.Store.Clear(DeliveryKind);
            _sepay.Store.Clear(HealthKind);
        }
    }

    /// <summary>Stops attempting: pending deliveries stay pending in the store for the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        _sepay.Ledger.TransactionCreated -= OnTransaction;
        await _stopping.CancelAsync();
        lock (_gate)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }

        await Task.WhenAll(_running.Keys);
        await _sender.DisposeAsync();
        _stopping.Dispose();
    }

    private void OnTransaction(Transaction transaction)
    {
        var webhooks = _sepay.Webhooks.Matching(transaction);
        if (webhooks.Count == 0)
        {
            return;
        }

        var payload = WebhookPayload.FromTransaction(transaction);
        List<WebhookDelivery> accepted = [];
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            accepted.AddRange(webhooks.Select(w => AddNeedsLock(w.Id, transaction.Id, payload, null, now)));
        }

        foreach (var delivery in accepted)
        {
            Publish(delivery);
            Dispatch(delivery.Id);
        }
    }

    private WebhookDelivery AddNeedsLock(long webhookId, long transactionId, WebhookPayload payload, long? replayOf, DateTimeOffset now)
    {
        var delivery = new WebhookDelivery(_nextId++, webhookId, transactionId, replayOf, payload, DeliveryState.Pending, now, null, now, [], null);
        _log[delivery.Id] = delivery;
        _sepay.Store.Save(DeliveryKind, delivery.Id, delivery); // accepted work is durable before the first attempt
        return delivery;
    }

    private void Schedule(WebhookDelivery delivery)
    {
        var due = (delivery.NextAttemptAt ?? _time.GetUtcNow()) - _time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            Dispatch(delivery.Id);
            return;
        }

        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _timers.Remove(delivery.Id, out var old);
            old?.Dispose();
            _timers[delivery.Id] = _time.CreateTimer(_ =>
            {
                lock (_gate)
                {
                    _timers.Remove(delivery.Id, out var self);
                    self?.Dispose();
                }

                Dispatch(delivery.Id);
            }, null, due, Timeout.InfiniteTimeSpan);
        }
    }

    private void Dispatch(long id)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        var task = Task.Run(() => AttemptAsync(id));
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task AttemptAsync(long id)
    {
        var delivery = Find(id);
        if (delivery is not { State: DeliveryState.Pending })
        {
            return;
        }

        var webhook = _sepay.Webhooks.Find(delivery.WebhookId);
        WebhookDeliverySettings settings;
        try
        {
            settings = webhook is null ? throw new ArgumentException($"webhook {delivery.WebhookId} was deleted")
                : !webhook.Active ? throw new ArgumentException($"webhook {delivery.WebhookId} was deactivated")
                : WebhookDeliverySettings.For(webhook, _options.SuccessRule, _options.Profile);
        }
        catch (ArgumentException error)
        {
            End(delivery, DeliveryState.Failed, $"not attempted: {error.Message}", null);
            return;
        }

        var destination = settings.Url.GetLeftPart(UriPartial.Authority);
        var gate = _perDestination.GetOrAdd(destination, _ => new SemaphoreSlim(_options.MaxConcurrencyPerDestination));
        AttemptRecord attempt;
        try
        {
            await gate.WaitAsync(_stopping.Token);
            try
            {
                await _global.WaitAsync(_stopping.Token);
                try
                {
                    attempt = await _sender.SendAsync(settings, delivery.Payload, _stopping.Token);
                }
                finally
                {
                    _global.Release();
                }
            }
            finally
            {
                gate.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return; // shutting down: the delivery stays pending in the store and is attempted at the next start
        }

        var first = delivery.FirstAttemptAt ?? attempt.StartedAt;
        var attempts = delivery.Attempts.Count + 1;
        switch (attempt.Verdict)
        {
            case AttemptVerdict.Succeeded:
                End(delivery, DeliveryState.Succeeded, $"delivered on attempt {attempts} (HTTP {attempt.ResponseStatus})", attempt, first);
                break;
            case AttemptVerdict.FailedFinal:
                End(delivery, DeliveryState.Failed, $"attempt {attempts} failed and no retry helps: {Describe(attempt)}", attempt, first);
                break;
            default:
                if (settings.Profile.NextAttempt(first, attempts) is { } next)
                {
                    var pending = Update(delivery, d => d with { Attempts = [.. d.Attempts, attempt], FirstAttemptAt = first, NextAttemptAt = next });
                    if (pending is not null)
                    {
                        Schedule(pending);
                    }
                }
                else
                {
                    End(delivery, DeliveryState.Failed, $"gave up after {attempts} attempts (profile {settings.Profile.Name}): {Describe(attempt)}", attempt, first);
                }

                break;
        }
    }

    private void End(WebhookDelivery delivery, DeliveryState state, string outcome, AttemptRecord? attempt, DateTimeOffset? first = null)
    {
        var ended = Update(delivery, d => d with
        {
            State = state,
            Outcome = outcome,
            NextAttemptAt = null,
            FirstAttemptAt = first ?? d.FirstAttemptAt,
            Attempts = attempt is null ? d.Attempts : [.. d.Attempts, attempt],
        }, countHealth: true);
        if (ended is not null)
        {
            _options.Log?.Invoke($"webhook {ended.WebhookId}: delivery {ended.Id} of transaction {ended.TransactionId} {state.ToString().ToLowerInvariant()}: {outcome}");
        }
    }

    private WebhookDelivery? Update(WebhookDelivery delivery, Func<WebhookDelivery, WebhookDelivery> change, bool countHealth = false)
    {
        WebhookDelivery updated;
        lock (_gate)
        {
            if (!_log.TryGetValue(delivery.Id, out var current) || current.State != DeliveryState.Pending)
            {
                return null; // cleared meanwhile
            }

            updated = change(current);
            _log[updated.Id] = updated;
            _sepay.Store.Save(DeliveryKind, updated.Id, updated);
            if (countHealth)
            {
                CountNeedsLock(updated);
                _finished++;
                PruneNeedsLock();
            }
        }

        Publish(updated);
        return updated;
    }

    private void CountNeedsLock(WebhookDelivery delivery)
    {
        var webhook = _sepay.Webhooks.Find(delivery.WebhookId);
        var health = _health.GetValueOrDefault(delivery.WebhookId) ?? new WebhookHealth(delivery.WebhookId, 0, false, []);
        var now = _time.GetUtcNow();
        if (delivery.State == DeliveryState.Succeeded)
        {
            health = health.Alerting && webhook?.AlertEventTypes.Contains("recovery") == true
                ? new WebhookHealth(health.WebhookId, 0, false, [.. health.Alerts, new WebhookAlert("recovery", now, health.ConsecutiveFailures, delivery.Id)])
                : health with { ConsecutiveFailures = 0, Alerting = false };
        }
        else
        {
            var failures = health.ConsecutiveFailures + 1;
            health = !health.Alerting && failures >= (webhook?.AlertThreshold ?? 3) && webhook?.AlertEventTypes.Contains("failure") == true
                ? new WebhookHealth(health.WebhookId, failures, true, [.. health.Alerts, new WebhookAlert("failure", now, failures, delivery.Id)])
                : health with { ConsecutiveFailures = failures };
        }

        _health[delivery.WebhookId] = health;
        _sepay.Store.Save(HealthKind, delivery.WebhookId, health);
    }

    private void PruneNeedsLock()
    {
        while (_finished > _options.MaxLogEntries && _log.Values.FirstOrDefault(d => d.State != DeliveryState.Pending) is { } oldest)
        {
            _log.Remove(oldest.Id);
            _sepay.Store.Delete(DeliveryKind, oldest.Id);
            _finished--;
        }
    }

    private void Publish(WebhookDelivery delivery) => Changed?.Invoke(delivery);

    private static string Describe(AttemptRecord attempt) =>
        attempt.ErrorKind != AttemptErrorKind.None ? $"{attempt.ErrorKind}: {attempt.ErrorMessage}"
        : attempt.ResponseStatus is { } status ? $"HTTP {status}{(attempt.ErrorMessage is { } m ? $" ({m})" : "")}"
        : attempt.ErrorMessage ?? "failed";
}
