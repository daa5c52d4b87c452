using SoundBoxSim.Testing;

namespace SoundBoxSim.Testing.Tests;

public sealed class ManualTimeProviderTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void GetUtcNow_NewClock_StartsAtDefaultStart() =>
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), _clock.GetUtcNow());

    [Fact]
    public void Advance_ThreeDays_MovesNowAndTimestamp()
    {
        var start = _clock.GetTimestamp();

        _clock.Advance(TimeSpan.FromDays(3));

        Assert.Equal(ManualTimeProvider.DefaultStart.AddDays(3), _clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(3), _clock.GetElapsedTime(start));
    }

    [Fact]
    public void Advance_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.Advance(TimeSpan.FromTicks(-1)));

    [Fact]
    public void SetUtcNow_Backwards_ThrowsAndKeepsTime()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => _clock.SetUtcNow(ManualTimeProvider.DefaultStart));
        Assert.Equal(ManualTimeProvider.DefaultStart.AddMinutes(1), _clock.GetUtcNow());
    }

    [Fact]
    public async Task TaskDelay_CompletesOnlyWhenClockPassesDueTime()
    {
        var delay = Task.Delay(TimeSpan.FromSeconds(10), _clock, TestContext.Current.CancellationToken);

        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(delay.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        await delay.WaitAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Timers_DueAtDifferentTimes_FireInDueOrderWithNowAtDueTime()
    {
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = _clock.CreateTimer(_ => fired.Add(("late", _clock.GetUtcNow())), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var early = _clock.CreateTimer(_ => fired.Add(("early", _clock.GetUtcNow())), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [("early", ManualTimeProvider.DefaultStart.AddSeconds(2)), ("late", ManualTimeProvider.DefaultStart.AddSeconds(5))],
            fired);
    }

    [Fact]
    public void Timers_DueAtSameTime_FireInScheduleOrder()
    {
        var fired = new List<int>();
        using var first = _clock.CreateTimer(_ => fired.Add(1), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var second = _clock.CreateTimer(_ => fired.Add(2), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([1, 2], fired);
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerPeriodPassed()
    {
        var count = 0;
        using var timer = _clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(3, count);
    }

    [Fact]
    public void Change_ToInfinite_DisarmsTimer()
    {
        var count = 0;
        using var timer = _clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, count);
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public void Dispose_BeforeDue_TimerNeverFires()
    {
        var count = 0;
        var timer = _clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, count);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void Callback_SchedulingNewTimerWithinAdvance_FiresInSameAdvance()
    {
        var fired = new List<DateTimeOffset>();
        ITimer? inner = null;
        using var outer = _clock.CreateTimer(_ =>
            inner = _clock.CreateTimer(_ => fired.Add(_clock.GetUtcNow()), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan),
            null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([ManualTimeProvider.DefaultStart.AddSeconds(2)], fired);
        inner?.Dispose();
    }

    [Fact]
    public async Task CancellationTokenSource_WithProvider_CancelsOnAdvance()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2), _clock);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False(cts.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(cts.IsCancellationRequested);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task WaitForPendingTimersAsync_CompletesWhenCodeUnderTestStartsDelay()
    {
        var waiting = _clock.WaitForPendingTimersAsync(1, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        var delay = Task.Run(() => Task.Delay(TimeSpan.FromHours(1), _clock, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        await waiting;
        _clock.Advance(TimeSpan.FromHours(1));

        await delay;
    }
}
