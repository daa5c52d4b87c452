using SoundBoxSim.Device.Power;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests.Power;

public sealed class BatteryEventTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void LowBattery_DrainingPastTheLowLevel_FiresOnceAtTheCrossing()
    {
        // Arrange: 100 % to 15 % idle is 85 % of the 72 h life.
        using var rig = new PowerRig(percent: 100, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        var crossing = TimeSpan.FromHours((100 - rig.Options.LowBatteryPercent) / 100 * rig.Options.CapacityMilliampHours / rig.Options.IdleMilliamps);

        // Act
        rig.Advance(crossing - TimeSpan.FromSeconds(1));
        var firedEarly = rig.Count(nameof(Battery.LowBattery));
        rig.Advance(TimeSpan.FromDays(2));

        // Assert
        Assert.InRange(crossing, TimeSpan.FromHours(61.2) - Tolerance, TimeSpan.FromHours(61.2) + Tolerance);
        Assert.Equal(0, firedEarly);
        Assert.Equal([nameof(Battery.LowBattery), nameof(Battery.Empty)], rig.Names);
        Assert.InRange(rig.FirstAt(nameof(Battery.LowBattery)), crossing - Tolerance, crossing + Tolerance);
    }

    [Fact]
    public void LowBattery_AfterWarning_RearmsOnlyAboveTheRearmLevel()
    {
        // Arrange: warn once, from 16 % idle.
        using var rig = new PowerRig(percent: 16, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        rig.Advance(TimeSpan.FromHours(2)); // 16 - 2.78 = 13.2 %
        var first = rig.Count(nameof(Battery.LowBattery));

        // Act 1: charge to about 19 % (below the 20 % re-arm level), unplug, drain past 15 % again.
        rig.Battery.SetMains(true);
        rig.Advance(TimeSpan.FromMinutes(7)); // 50 %/h: +5.8 % = 19.1 %
        var peakBelowRearm = rig.Battery.Percent;
        rig.Battery.SetMains(false);
        rig.Advance(TimeSpan.FromHours(5));
        var afterSecondDip = rig.Count(nameof(Battery.LowBattery));

        // Act 2: charge above 20 %, unplug, drain past 15 %.
        rig.Battery.SetMains(true);
        rig.Advance(TimeSpan.FromMinutes(30)); // +25 %
        rig.Battery.SetMains(false);
        rig.Advance(TimeSpan.FromHours(20)); // 37 % - 27.8 % = 9.3 %

        // Assert
        Assert.Equal(1, first);
        Assert.InRange(peakBelowRearm, rig.Options.LowBatteryPercent, rig.Options.LowBatteryRearmPercent);
        Assert.Equal(1, afterSecondDip);
        Assert.Equal(2, rig.Count(nameof(Battery.LowBattery)));
    }

    [Fact]
    public void LowBattery_SetPercentBelowLowOnBattery_FiresAtOnce()
    {
        // Arrange
        using var rig = new PowerRig(percent: 60, mains: false);

        // Act
        rig.Battery.SetPercent(10);
        rig.Battery.SetPercent(8);

        // Assert
        Assert.Equal([nameof(Battery.LowBattery)], rig.Names);
    }

    [Fact]
    public void LowBattery_SetPercentAboveRearmThenBelowLow_FiresAgain()
    {
        // Arrange
        using var rig = new PowerRig(percent: 60, mains: false);
        rig.Battery.SetPercent(10);

        // Act
        rig.Battery.SetPercent(50);
        rig.Battery.SetPercent(12);

        // Assert
        Assert.Equal(2, rig.Count(nameof(Battery.LowBattery)));
    }

    [Fact]
    public void LowBattery_LowOnMains_FiresOnlyWhenUnplugged()
    {
        // Arrange
        using var rig = new PowerRig(percent: 60, mains: true);
        rig.Battery.SetPercent(5);
        var onMains = rig.Names;

        // Act
        rig.Battery.SetMains(false);

        // Assert: "on battery power" first, then "low battery".
        Assert.Empty(onMains);
        Assert.Equal([nameof(Battery.MainsChanged), nameof(Battery.LowBattery)], rig.Names);
    }

    [Fact]
    public void LowBattery_CreatedLowOnBattery_CountsAsAlreadyWarned()
    {
        // Arrange
        using var rig = new PowerRig(percent: 10, mains: false);

        // Act
        rig.Battery.SetDraw(PowerDraw.Booting, 3);
        rig.Advance(TimeSpan.FromHours(1));

        // Assert: 1 h of booting current (150 mA) is 5 %: still above empty.
        Assert.Empty(rig.Names);
        Assert.Equal(5, rig.Battery.Percent, 6);
    }

    [Fact]
    public void SetPercent_ZeroOnBattery_RaisesLowThenEmptyOnce()
    {
        // Arrange
        using var rig = new PowerRig(percent: 50, mains: false);

        // Act
        rig.Battery.SetPercent(0);
        rig.Battery.SetDraw(PowerDraw.Off, 0);
        rig.Advance(TimeSpan.FromDays(1));

        // Assert
        Assert.Equal([nameof(Battery.LowBattery), nameof(Battery.Empty)], rig.Names);
        Assert.Equal(0, rig.Battery.Percent);
        Assert.Equal(0, rig.Clock.PendingTimers);
    }

    [Fact]
    public void Empty_OncePerDischarge_FiresAgainAfterARecharge()
    {
        // Arrange
        using var rig = new PowerRig(percent: 2, mains: false);
        rig.Advance(TimeSpan.FromHours(2));

        // Act
        rig.Battery.SetMains(true);
        rig.Advance(TimeSpan.FromMinutes(6)); // +5 %
        rig.Battery.SetMains(false);
        rig.Advance(TimeSpan.FromHours(4));

        // Assert
        Assert.Equal(2, rig.Count(nameof(Battery.Empty)));
    }

    [Fact]
    public void MainsChanged_OnlyWhenTheStateChanges()
    {
        // Arrange
        using var rig = new PowerRig(percent: 100, mains: true);

        // Act
        rig.Battery.SetMains(true);
        rig.Battery.SetMains(false);
        rig.Battery.SetMains(false);
        rig.Battery.SetMains(true);

        // Assert
        Assert.Equal([nameof(Battery.MainsChanged), nameof(Battery.MainsChanged)], rig.Names);
    }

    [Fact]
    public void Events_HandlerCallingBackIn_DoesNotDeadlock()
    {
        // Arrange: the device shuts down on Empty by switching its draw off.
        using var rig = new PowerRig(percent: 1, mains: false);
        rig.Battery.Empty += (_, _) => rig.Battery.SetDraw(PowerDraw.Off, 0);

        // Act
        rig.Advance(TimeSpan.FromHours(2));

        // Assert
        Assert.Equal(PowerDraw.Off, rig.Battery.Draw);
        Assert.Equal(0, rig.Battery.Percent);
    }

    [Fact]
    public void Timer_ThreeVirtualDays_TakeAHandfulOfCallbacks()
    {
        // Arrange: on battery from full, idle; 4 days cover low (61.2 h) and empty (72 h).
        using var rig = new PowerRig(percent: 100, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        var maxPending = 0;

        // Act: minute by minute, so a ticking model would run thousands of callbacks.
        for (var minute = 0; minute < 4 * 24 * 60; minute++)
        {
            rig.Advance(TimeSpan.FromMinutes(1));
            maxPending = Math.Max(maxPending, rig.Clock.PendingTimers);
        }

        // Assert
        Assert.Equal([nameof(Battery.LowBattery), nameof(Battery.Empty)], rig.Names);
        Assert.InRange(rig.Time.Callbacks, 2, 4);
        Assert.Equal(1, rig.Time.TimersCreated);
        Assert.Equal(1, maxPending);
    }

    [Fact]
    public void Timer_ThreeDaysOfMixedUse_TakeAHandfulOfCallbacks()
    {
        // Arrange
        using var rig = new PowerRig(percent: 100, mains: true);

        // Act: a power cut every day for 8 h, with announcements and a network search.
        for (var day = 0; day < 3; day++)
        {
            rig.Battery.SetDraw(PowerDraw.Idle, 3);
            rig.Advance(TimeSpan.FromHours(10));
            rig.Battery.SetMains(false);
            rig.Battery.SetDraw(PowerDraw.Announcing, 3);
            rig.Advance(TimeSpan.FromSeconds(5));
            rig.Battery.SetDraw(PowerDraw.Searching, 3);
            rig.Advance(TimeSpan.FromMinutes(30));
            rig.Battery.SetDraw(PowerDraw.Idle, 3);
            rig.Advance(TimeSpan.FromHours(8));
            rig.Battery.SetMains(true);
            rig.Advance(TimeSpan.FromHours(6) - TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(5));
        }

        // Assert: each day only "full" after recharging needs a callback.
        Assert.Equal(3, rig.Count(nameof(Battery.Full)));
        Assert.InRange(rig.Time.Callbacks, 3, 6);
        Assert.Equal(TimeSpan.FromDays(3), rig.Elapsed);
    }

    [Fact]
    public void Dispose_StopsTheTimerAndTheEvents()
    {
        // Arrange
        var rig = new PowerRig(percent: 20, mains: false);
        var pendingBefore = rig.Clock.PendingTimers;

        // Act
        rig.Dispose();
        rig.Advance(TimeSpan.FromDays(5));

        // Assert
        Assert.Equal(1, pendingBefore);
        Assert.Equal(0, rig.Clock.PendingTimers);
        Assert.Empty(rig.Names);
        Assert.Throws<ObjectDisposedException>(() => rig.Battery.SetDraw(PowerDraw.Idle, 0));
        rig.Battery.Dispose(); // twice is harmless
    }

    [Fact]
    public async Task ThreadSafety_ParallelSetDrawReadsAndClock_NoException()
    {
        // Arrange
        var clock = new ManualTimeProvider();
        using var battery = new Battery(new PowerOptions(), clock, percent: 100, mainsConnected: false);
        // Handlers read back into the battery, as the device's do, while other threads change it.
        var levelsSeenByHandlers = new System.Collections.Concurrent.ConcurrentBag<double>();
        battery.LowBattery += (_, _) => levelsSeenByHandlers.Add(battery.Percent);
        battery.Empty += (_, _) => levelsSeenByHandlers.Add(battery.Percent);
        battery.Full += (_, _) => levelsSeenByHandlers.Add(battery.Percent);
        var ct = TestContext.Current.CancellationToken;
        var draws = Enum.GetValues<PowerDraw>();

        // Act
        var workers = new[]
        {
            Task.Run(() =>
            {
                for (var i = 0; i < 5000; i++)
                {
                    clock.Advance(TimeSpan.FromMinutes(1));
                }
            }, ct),
            Task.Run(() =>
            {
                for (var i = 0; i < 5000; i++)
                {
                    battery.SetDraw(draws[i % draws.Length], i % 6);
                }
            }, ct),
            Task.Run(() =>
            {
                for (var i = 0; i < 5000; i++)
                {
                    var percent = battery.Percent;
                    Assert.InRange(percent, 0, 100);
                    _ = (battery.TimeToEmpty, battery.TimeToFull, battery.CurrentMilliamps, battery.Charging);
                }
            }, ct),
            Task.Run(() =>
            {
                for (var i = 0; i < 500; i++)
                {
                    battery.SetMains(i % 2 == 0);
                    if (i % 50 == 0)
                    {
                        battery.SetPercent(i % 100);
                    }
                }
            }, ct),
        };
        await Task.WhenAll(workers);

        // Assert
        Assert.InRange(battery.Percent, 0, 100);
        Assert.True(clock.PendingTimers <= 1);
        Assert.All(levelsSeenByHandlers, level => Assert.InRange(level, 0, 100));
    }

    [Fact]
    public void SystemClock_YearsToEmpty_ArmsATimerTheSystemAccepts()
    {
        // Arrange: off on battery empties in 60,000 h; a System.Threading timer rejects waits over ~49.7 days.
        using var battery = new Battery(new PowerOptions(), TimeProvider.System, percent: 100, mainsConnected: false);

        // Act
        var error = Record.Exception(() => battery.SetDraw(PowerDraw.Off, 0));

        // Assert
        Assert.Null(error);
        Assert.True(battery.TimeToEmpty > TimeSpan.FromDays(365));
    }
}
