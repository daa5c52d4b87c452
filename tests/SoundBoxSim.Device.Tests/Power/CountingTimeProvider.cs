using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests.Power;

/// <summary>
/// A <see cref="ManualTimeProvider"/> seen through a wrapper that counts timers created, timer callbacks run, and the
/// longest due time asked for, so tests can prove the battery plans its timer instead of ticking.
/// </summary>
internal sealed class CountingTimeProvider(ManualTimeProvider inner) : TimeProvider
{
    private int _callbacks;
    private int _timersCreated;
    private long _longestDueTicks;

    public ManualTimeProvider Inner => inner;

    public int Callbacks => Volatile.Read(ref _callbacks);

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public TimeSpan LongestDue => TimeSpan.FromTicks(Interlocked.Read(ref _longestDueTicks));

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        var timer = new CountingTimer(this, inner.CreateTimer(s =>
        {
            Interlocked.Increment(ref _callbacks);
            callback(s);
        }, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        _ = timer.Change(dueTime, period);
        return timer;
    }

    private void Record(TimeSpan due)
    {
        if (due == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        long seen;
        do
        {
            seen = Interlocked.Read(ref _longestDueTicks);
        }
        while (due.Ticks > seen && Interlocked.CompareExchange(ref _longestDueTicks, due.Ticks, seen) != seen);
    }

    private sealed class CountingTimer(CountingTimeProvider owner, ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return timer.Change(dueTime, period);
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
