using SoundBoxSim.Device.Power;

namespace SoundBoxSim.Device.Tests.Power;

public sealed class BatteryChargeTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Charge_FromEmpty_Reaches80PercentAtConstantCurrentThenFullWithinAboutAnHour()
    {
        // Arrange: the constant-current phase adds capacity × 0.8 mAh at the charge current.
        using var rig = new PowerRig(percent: 0, mains: true);
        var constantCurrent = TimeSpan.FromHours(rig.Options.CapacityMilliampHours * 0.8 / rig.Options.ChargeMilliamps);

        // Act
        rig.Advance(constantCurrent);
        var at80 = (rig.Battery.Percent, rig.Battery.Charging, rig.Count(nameof(Battery.Full)));
        rig.Advance(TimeSpan.FromHours(2));

        // Assert
        Assert.Equal(TimeSpan.FromHours(1.6), constantCurrent);
        Assert.Equal(80, at80.Percent, 6);
        Assert.True(at80.Charging);
        Assert.Equal(0, at80.Item3);
        Assert.Equal(1, rig.Count(nameof(Battery.Full)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Full)) - constantCurrent, TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(70));
        Assert.Equal(100, rig.Battery.Percent);
        Assert.False(rig.Battery.Charging);
    }

    [Fact]
    public void Charge_ConstantVoltagePhase_RisesMoreSlowlyAsItFills()
    {
        // Arrange
        using var rig = new PowerRig(percent: 80, mains: true);
        var samples = new List<double> { rig.Battery.Percent };
        var currents = new List<double> { rig.Battery.ChargeCurrentMilliamps };

        // Act
        for (var i = 0; i < 10; i++)
        {
            rig.Advance(TimeSpan.FromMinutes(5));
            samples.Add(rig.Battery.Percent);
            currents.Add(rig.Battery.ChargeCurrentMilliamps);
        }

        // Assert
        var steps = samples.Zip(samples.Skip(1), (a, b) => b - a).ToList();
        Assert.All(steps, step => Assert.True(step > 0, $"steps {string.Join(", ", steps)}"));
        Assert.True(steps.Zip(steps.Skip(1)).All(pair => pair.Second < pair.First), $"steps {string.Join(", ", steps)}");
        Assert.True(currents.Zip(currents.Skip(1)).All(pair => pair.Second < pair.First), $"currents {string.Join(", ", currents)}");
        Assert.InRange(samples[^1], 95, 100);
        Assert.InRange(currents[^1], rig.Options.ChargeTerminationMilliamps, rig.Options.ChargeMilliamps);
    }

    [Fact]
    public void Charge_ConstantCurrentPhase_DrawsTheChargeCurrent()
    {
        // Arrange
        using var rig = new PowerRig(percent: 40, mains: true);

        // Act
        rig.Advance(TimeSpan.FromMinutes(30));

        // Assert: 0.5 h × 1,500 mA = 750 mAh = 25 %.
        Assert.Equal(65, rig.Battery.Percent, 6);
        Assert.Equal(rig.Options.ChargeMilliamps, rig.Battery.ChargeCurrentMilliamps);
    }

    [Fact]
    public void SetMains_Connected_StopsDrainAndStartsCharging()
    {
        // Arrange
        using var rig = new PowerRig(percent: 50, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        rig.Advance(TimeSpan.FromHours(6)); // 6 h of 72 h: 50 - 8.33 %
        var unplugged = rig.Battery.Percent;

        // Act
        rig.Battery.SetMains(true);
        var plugged = (rig.Battery.MainsConnected, rig.Battery.Charging, rig.Battery.CurrentMilliamps, rig.Battery.TimeToEmpty);
        rig.Advance(TimeSpan.FromMinutes(10));

        // Assert: 10 min at 1,500 mA = 250 mAh = 8.33 %.
        Assert.Equal(50 - (6 * 100 / 72.0), unplugged, 6);
        Assert.Equal((true, true, 0.0, (TimeSpan?)null), plugged);
        Assert.Equal(unplugged + (250 / 3000.0 * 100), rig.Battery.Percent, 6);
        Assert.Equal([nameof(Battery.MainsChanged)], rig.Names);
    }

    [Fact]
    public void SetMains_Disconnected_StartsDrainAndStopsCharging()
    {
        // Arrange
        using var rig = new PowerRig(percent: 60, mains: true);
        rig.Battery.SetDraw(PowerDraw.Searching, 0);

        // Act
        rig.Battery.SetMains(false);
        var state = (rig.Battery.Charging, rig.Battery.TimeToFull, rig.Battery.ChargeCurrentMilliamps, rig.Battery.CurrentMilliamps);
        rig.Advance(TimeSpan.FromHours(1));

        // Assert: 120 mAh = 4 %.
        Assert.Equal((false, (TimeSpan?)null, 0.0, 120.0), state);
        Assert.Equal(56, rig.Battery.Percent, 6);
    }

    [Fact]
    public void TimeToFull_WhileCharging_IsWhenFullFires()
    {
        // Arrange
        using var rig = new PowerRig(percent: 30, mains: true);
        var promised = rig.Battery.TimeToFull;
        Assert.NotNull(promised);

        // Act
        rig.Advance(promised.Value - TimeSpan.FromSeconds(1));
        var firedEarly = rig.Count(nameof(Battery.Full));
        rig.Advance(TimeSpan.FromSeconds(2));

        // Assert: 50 % at constant current takes 1 h, then about an hour of taper.
        Assert.InRange(promised.Value, TimeSpan.FromHours(1.8), TimeSpan.FromHours(2.2));
        Assert.Equal(0, firedEarly);
        Assert.Equal(1, rig.Count(nameof(Battery.Full)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Full)), promised.Value - Tolerance, promised.Value + Tolerance);
    }

    [Fact]
    public void TimeToFull_NotCharging_IsNull()
    {
        // Arrange
        using var onBattery = new PowerRig(percent: 50, mains: false);
        using var full = new PowerRig(percent: 100, mains: true);

        // Act
        var values = (onBattery.Battery.TimeToFull, full.Battery.TimeToFull);

        // Assert
        Assert.Equal(((TimeSpan?)null, (TimeSpan?)null), values);
    }

    [Fact]
    public void TimeToFull_CountsDownAsTheClockMoves()
    {
        // Arrange
        using var rig = new PowerRig(percent: 10, mains: true);
        var first = rig.Battery.TimeToFull!.Value;

        // Act
        rig.Advance(TimeSpan.FromMinutes(20));
        var second = rig.Battery.TimeToFull!.Value;
        rig.Advance(TimeSpan.FromMinutes(90)); // into the taper
        var third = rig.Battery.TimeToFull!.Value;

        // Assert
        Assert.InRange(first - second, TimeSpan.FromMinutes(20) - Tolerance, TimeSpan.FromMinutes(20) + Tolerance);
        Assert.InRange(second - third, TimeSpan.FromMinutes(90) - Tolerance, TimeSpan.FromMinutes(90) + Tolerance);
    }

    [Fact]
    public void Full_AfterFilling_FiresOnceAndStaysAt100()
    {
        // Arrange
        using var rig = new PowerRig(percent: 95, mains: true);

        // Act
        rig.Advance(TimeSpan.FromDays(3));

        // Assert
        Assert.Equal(1, rig.Count(nameof(Battery.Full)));
        Assert.Equal(100, rig.Battery.Percent);
        Assert.Equal((false, (TimeSpan?)null, 0.0), (rig.Battery.Charging, rig.Battery.TimeToFull, rig.Battery.ChargeCurrentMilliamps));
        Assert.Equal(0, rig.Clock.PendingTimers);
    }

    [Fact]
    public void Full_PluggingInAFullBattery_DoesNotFire()
    {
        // Arrange
        using var rig = new PowerRig(percent: 100, mains: false);

        // Act
        rig.Battery.SetMains(true);
        rig.Advance(TimeSpan.FromHours(1));

        // Assert
        Assert.Equal([nameof(Battery.MainsChanged)], rig.Names);
    }

    [Fact]
    public void Full_SetPercentTo100OnMains_FiresAsReachingFullWhileCharging()
    {
        // Arrange
        using var rig = new PowerRig(percent: 50, mains: true);

        // Act
        rig.Battery.SetPercent(100);

        // Assert
        Assert.Equal([nameof(Battery.Full)], rig.Names);
        Assert.Equal(0, rig.Clock.PendingTimers);
    }

    [Fact]
    public void Charge_AfterFullThenUnplugAndReplug_FiresFullAgain()
    {
        // Arrange
        using var rig = new PowerRig(percent: 99, mains: true);
        rig.Advance(TimeSpan.FromHours(1));
        rig.Battery.SetMains(false);
        rig.Advance(TimeSpan.FromHours(5));

        // Act
        rig.Battery.SetMains(true);
        rig.Advance(TimeSpan.FromHours(2));

        // Assert
        Assert.Equal(2, rig.Count(nameof(Battery.Full)));
    }
}
