namespace SoundBoxSim.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so, with timers that fire as the
/// clock passes their due time. Enough for <c>Task.Delay(d, provider)</c>,
/// <c>new CancellationTokenSource(d, provider)</c> and <c>PeriodicTimer</c> to run in virtual time.
/// </summary>
/// <remarks>
/// Timers due at the same instant fire in the order they were scheduled. Callbacks run synchronously on the
/// thread that calls <see cref="Advance"/>, outside the provider's lock, so a callback may create or change
/// timers. The clock never goes backwards. Thread-safe.
/// </remarks>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The start time used when none is given: 2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly Lock _advanceGate = new();
    private readonly List<ManualTimer> _scheduled = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _timerWaiters = [];
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Creates a clock that starts at <paramref name="start"/> (default <see cref="DefaultStart"/>).</summary>
    public ManualTimeProvider(DateTimeOffset? start = null) => _now = start ?? DefaultStart;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The number of timers that are armed and waiting for the clock.</summary>
    public int PendingTimers
    {
        get { lock (_lock) { return _scheduled.Count; } }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) { return _now; }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_advanceGate)
        {
            SetUtcNow(GetUtcNow() + delta);
        }
    }

    /// <summary>Moves the clock to <paramref name="value"/>, firing every timer due at or before it, in due order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is earlier than the current time.</exception>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_advanceGate)
        {
            lock (_lock)
            {
                if (value < _now)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value,
                        $"The clock cannot go back from {_now:O}; create a new ManualTimeProvider to start over.");
                }
            }

            while (TryTakeDue(value, out var timer))
            {
                timer.Fire();
            }

            lock (_lock) { _now = value; }
        }
    }

    /// <summary>
    /// Completes when at least <paramref name="count"/> timers are armed: lets a test wait until the code under
    /// test has started its delay before advancing the clock, instead of sleeping.
    /// </summary>
    public Task WaitForPendingTimersAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_scheduled.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _timerWaiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    private bool TryTakeDue(DateTimeOffset limit, out ManualTimer timer)
    {
        lock (_lock)
        {
            timer = null!;
            foreach (var candidate in _scheduled)
            {
                if (candidate.DueAt <= limit && (timer is null || IsEarlier(candidate, timer)))
                {
                    timer = candidate;
                }
            }

            if (timer is null)
            {
                return false;
            }

            if (timer.DueAt > _now)
            {
                _now = timer.DueAt;
            }

            _scheduled.Remove(timer);
            if (timer.Period > TimeSpan.Zero)
            {
                Schedule_NeedsLock(timer, timer.DueAt + timer.Period);
            }

            return true;
        }

        static bool IsEarlier(ManualTimer a, ManualTimer b) =>
            a.DueAt < b.DueAt || (a.DueAt == b.DueAt && a.Sequence < b.Sequence);
    }

    private void Schedule_NeedsLock(ManualTimer timer, DateTimeOffset dueAt)
    {
        timer.DueAt = dueAt;
        timer.Sequence = ++_sequence;
        _scheduled.Add(timer);
        for (var i = _timerWaiters.Count - 1; i >= 0; i--)
        {
            if (_scheduled.Count >= _timerWaiters[i].Count)
            {
                _timerWaiters[i].Signal.TrySetResult();
                _timerWaiters.RemoveAt(i);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }
        public TimeSpan Period { get; private set; }
        public long Sequence { get; set; }
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ValidateSpan(dueTime, nameof(dueTime));
            ValidateSpan(period, nameof(period));
            bool fireNow;
            lock (owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                owner._scheduled.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                fireNow = dueTime == TimeSpan.Zero;
                if (!fireNow || Period > TimeSpan.Zero)
                {
                    owner.Schedule_NeedsLock(this, owner._now + (fireNow ? Period : dueTime));
                }
            }

            // A zero due time fires at once, as System.Threading.Timer does (soon after, on its own thread).
            if (fireNow)
            {
                Fire();
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                _disposed = true;
                owner._scheduled.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void ValidateSpan(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, "A timer span must be zero or more, or Timeout.InfiniteTimeSpan.");
            }
        }
    }
}
