namespace SoundBoxSim.Host;

/// <summary>
/// A clock that moves only when told (<c>sbsim up --clock virtual</c>, then the control API's clock/advance), so hours of
/// SePay retries or days of battery pass in an instant. Timers fire in due order as the clock passes them, on the
/// thread that advances it. Thread-safe.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _sync = new();
    private readonly List<Entry> _timers = [];
    private DateTimeOffset _now;
    private long _order;

    /// <summary>Starts at <paramref name="start"/>.</summary>
    public VirtualClock(DateTimeOffset start) => _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var entry = new Entry(this, callback, state);
        entry.Change(dueTime, period);
        return entry;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/> (0 to 366 days), firing every timer due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero || delta > TimeSpan.FromDays(366))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "Advance the clock by 0 to 366 days.");
        }

        DateTimeOffset target;
        lock (_sync)
        {
            target = _now + delta;
        }

        while (true)
        {
            Entry? due;
            lock (_sync)
            {
                due = _timers.Where(t => t.Due <= target).MinBy(t => (t.Due, t.Order));
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.Due;
                _timers.Remove(due);
                if (due.Period > TimeSpan.Zero)
                {
                    due.Due += due.Period;
                    due.Order = ++_order;
                    _timers.Add(due);
                }
            }

            due.Callback(due.State);
        }
    }

    private sealed class Entry(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public long Order { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._sync)
            {
                clock._timers.Remove(this);
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock._now + dueTime;
                    Order = ++clock._order;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Dispose()
        {
            lock (clock._sync)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
