using SoundBoxSim.Device.Power;

namespace SoundBoxSim.Device.Tests.Power;

public sealed class BatteryDrainTests
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Drain_FullBatteryIdleOn4G_LastsAboutThreeDays()
    {
        // Arrange: mAh divided by mA is hours.
        using var rig = new PowerRig(percent: 100, mains: false);
        var lifetime = TimeSpan.FromHours(rig.Options.CapacityMilliampHours / rig.Options.IdleMilliamps);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);

        // Act
        rig.Advance(lifetime - TimeSpan.FromMinutes(1));
        var beforeEmpty = rig.Count(nameof(Battery.Empty));
        var percentBefore = rig.Battery.Percent;
        rig.Advance(TimeSpan.FromMinutes(2));

        // Assert
        Assert.InRange(lifetime, TimeSpan.FromHours(71), TimeSpan.FromHours(73));
        Assert.Equal(0, beforeEmpty);
        Assert.True(percentBefore > 0, $"{percentBefore} % a minute before empty");
        Assert.Equal(1, rig.Count(nameof(Battery.Empty)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Empty)), lifetime - Tolerance, lifetime + Tolerance);
        Assert.Equal(0, rig.Battery.Percent);
    }

    [Fact]
    public void Drain_PowerCutAt30PercentIdle_EmptyAtThirtyPercentOfIdleLife()
    {
        // Arrange
        using var rig = new PowerRig(percent: 30, mains: true);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        var expected = TimeSpan.FromHours(0.3 * rig.Options.CapacityMilliampHours / rig.Options.IdleMilliamps);

        // Act
        rig.Battery.SetMains(false);
        rig.Advance(expected - TimeSpan.FromSeconds(1));
        var firedEarly = rig.Count(nameof(Battery.Empty));
        rig.Advance(TimeSpan.FromSeconds(2));

        // Assert
        Assert.InRange(expected, TimeSpan.FromHours(21.5), TimeSpan.FromHours(21.7)); // 0.3 × 72 h = 21.6 h
        Assert.Equal(0, firedEarly);
        Assert.Equal(1, rig.Count(nameof(Battery.Empty)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Empty)), expected - Tolerance, expected + Tolerance);
    }

    [Fact]
    public void Drain_AnnouncingAtMaxVolume_DrainsFasterThanAtVolumeZeroByTheCurrentRatio()
    {
        // Arrange
        var options = new PowerOptions();
        using var quiet = new PowerRig(options, percent: 90, mains: false);
        using var loud = new PowerRig(options, percent: 90, mains: false);
        quiet.Battery.SetDraw(PowerDraw.Announcing, 0);
        loud.Battery.SetDraw(PowerDraw.Announcing, options.MaxVolume);
        var expectedRatio = (options.AnnouncingMilliamps + (options.MaxVolume * options.AnnouncingMilliampsPerVolumeStep)) / options.AnnouncingMilliamps;

        // Act
        quiet.Advance(TimeSpan.FromHours(1));
        loud.Advance(TimeSpan.FromHours(1));

        // Assert: 360 mA against 160 mA.
        var ratio = (90 - loud.Battery.Percent) / (90 - quiet.Battery.Percent);
        Assert.Equal(2.25, expectedRatio, 9);
        Assert.Equal(expectedRatio, ratio, 6);
        Assert.Equal(100.0 * 360 / 3000, 90 - loud.Battery.Percent, 6);
        Assert.Equal(360, loud.Battery.CurrentMilliamps, 9);
    }

    [Fact]
    public void Drain_Searching_DrainsFasterThanIdleByTheCurrentRatio()
    {
        // Arrange
        using var idle = new PowerRig(percent: 80, mains: false);
        using var searching = new PowerRig(percent: 80, mains: false);
        idle.Battery.SetDraw(PowerDraw.Idle, 0);
        searching.Battery.SetDraw(PowerDraw.Searching, 0);

        // Act
        idle.Advance(TimeSpan.FromHours(2));
        searching.Advance(TimeSpan.FromHours(2));

        // Assert
        var idleDrop = 80 - idle.Battery.Percent;
        var searchingDrop = 80 - searching.Battery.Percent;
        Assert.True(searchingDrop > idleDrop, $"searching lost {searchingDrop} %, idle {idleDrop} %");
        Assert.Equal(idle.Options.SearchingMilliamps / idle.Options.IdleMilliamps, searchingDrop / idleDrop, 6);
    }

    [Fact]
    public void Drain_OffOnBattery_LosesOnlySelfDischarge()
    {
        // Arrange
        using var rig = new PowerRig(percent: 100, mains: false);
        rig.Battery.SetDraw(PowerDraw.Off, 0);

        // Act
        rig.Advance(TimeSpan.FromDays(30));

        // Assert: 0.05 mA × 720 h = 36 mAh = 1.2 % of 3,000 mAh.
        Assert.Equal(100 - (0.05 * 720 / 3000 * 100), rig.Battery.Percent, 6);
        Assert.Empty(rig.Names);
    }

    [Fact]
    public void Drain_OffForYears_EmptiesOnTimeWithTimerWaitsAcceptedBySystemTimers()
    {
        // Arrange: 3,000 mAh / 0.05 mA = 60,000 h, far beyond the ~49.7 days a System.Threading timer accepts.
        using var rig = new PowerRig(percent: 100, mains: false);
        rig.Battery.SetDraw(PowerDraw.Off, 0);
        var lifetime = TimeSpan.FromHours(3000 / 0.05);

        // Act
        rig.Advance(lifetime - TimeSpan.FromMinutes(1));
        var before = rig.Count(nameof(Battery.Empty));
        rig.Advance(TimeSpan.FromMinutes(2));

        // Assert
        Assert.Equal(0, before);
        Assert.Equal(1, rig.Count(nameof(Battery.Empty)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Empty)), lifetime - Tolerance, lifetime + Tolerance);
        Assert.True(rig.Time.LongestDue <= TimeSpan.FromMilliseconds(uint.MaxValue - 1), $"asked for a {rig.Time.LongestDue} wait");
    }

    [Fact]
    public void Drain_EmptyBattery_StaysAtZeroUntilMainsReturns()
    {
        // Arrange
        using var rig = new PowerRig(percent: 1, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        rig.Advance(TimeSpan.FromHours(1));

        // Act
        rig.Battery.SetDraw(PowerDraw.Off, 0);
        rig.Advance(TimeSpan.FromDays(2));
        var whileFlat = (rig.Battery.Percent, rig.Battery.CurrentMilliamps, rig.Battery.TimeToEmpty);
        rig.Battery.SetMains(true);
        rig.Advance(TimeSpan.FromMinutes(6));

        // Assert: 6 min at 1,500 mA = 150 mAh = 5 %.
        Assert.Equal((0.0, 0.0, (TimeSpan?)TimeSpan.Zero), whileFlat);
        Assert.Equal(1, rig.Count(nameof(Battery.Empty)));
        Assert.Equal(5, rig.Battery.Percent, 6);
    }

    [Fact]
    public void Drain_OnMains_NeverDrainsWhateverTheDraw()
    {
        // Arrange
        using var rig = new PowerRig(percent: 100, mains: true);

        // Act
        rig.Battery.SetDraw(PowerDraw.Announcing, rig.Options.MaxVolume);
        rig.Advance(TimeSpan.FromDays(5));

        // Assert
        Assert.Equal(100, rig.Battery.Percent);
        Assert.Equal(0, rig.Battery.CurrentMilliamps);
        Assert.Null(rig.Battery.TimeToEmpty);
        Assert.False(rig.Battery.Charging);
        Assert.Empty(rig.Names);
    }

    [Fact]
    public void SetDraw_SwitchToAnnouncing_BringsEmptyEarlier()
    {
        // Arrange: 10 % idle would last 0.1 × 72 h = 7.2 h.
        using var rig = new PowerRig(percent: 10, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        var idleEmpty = TimeSpan.FromHours(0.1 * rig.Options.CapacityMilliampHours / rig.Options.IdleMilliamps);
        rig.Advance(TimeSpan.FromHours(1));
        var percentAtSwitch = rig.Battery.Percent;
        var announcingMilliamps = rig.Options.AnnouncingMilliamps + (rig.Options.MaxVolume * rig.Options.AnnouncingMilliampsPerVolumeStep);
        var expected = TimeSpan.FromHours(1) + TimeSpan.FromHours(percentAtSwitch / 100 * rig.Options.CapacityMilliampHours / announcingMilliamps);

        // Act
        rig.Battery.SetDraw(PowerDraw.Announcing, rig.Options.MaxVolume);
        rig.Advance(expected - TimeSpan.FromSeconds(1) - rig.Elapsed);
        var firedEarly = rig.Count(nameof(Battery.Empty));
        rig.Advance(TimeSpan.FromSeconds(2));

        // Assert
        Assert.True(expected < idleEmpty, $"{expected} should be before {idleEmpty}");
        Assert.Equal(0, firedEarly);
        Assert.Equal(1, rig.Count(nameof(Battery.Empty)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Empty)), expected - Tolerance, expected + Tolerance);
    }

    [Fact]
    public void SetDraw_BackToIdle_PushesEmptyLater()
    {
        // Arrange
        using var rig = new PowerRig(percent: 10, mains: false);
        rig.Battery.SetDraw(PowerDraw.Searching, 0);

        // Act: searching would empty 10 % in 0.1 × 3,000 / 120 = 2.5 h; idle takes 7.2 h.
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        rig.Advance(TimeSpan.FromHours(3));

        // Assert
        Assert.Equal(0, rig.Count(nameof(Battery.Empty)));
        Assert.Equal(10 - (3 * 100 / 72.0), rig.Battery.Percent, 6);
    }

    [Fact]
    public void SetPercent_OnBattery_ReplansEmpty()
    {
        // Arrange
        using var rig = new PowerRig(percent: 100, mains: false);
        rig.Battery.SetDraw(PowerDraw.Idle, 0);
        var expected = TimeSpan.FromHours(0.01 * rig.Options.CapacityMilliampHours / rig.Options.IdleMilliamps); // 43.2 min

        // Act
        rig.Battery.SetPercent(1);
        rig.Advance(expected - TimeSpan.FromSeconds(1));
        var firedEarly = rig.Count(nameof(Battery.Empty));
        rig.Advance(TimeSpan.FromSeconds(2));

        // Assert
        Assert.Equal(0, firedEarly);
        Assert.Equal(1, rig.Count(nameof(Battery.Empty)));
        Assert.InRange(rig.FirstAt(nameof(Battery.Empty)), expected - Tolerance, expected + Tolerance);
    }

    [Fact]
    public void TimeToEmpty_OnBattery_IsLevelOverDrainRate_AndNullOnMains()
    {
        // Arrange
        using var rig = new PowerRig(percent: 50, mains: false);
        rig.Battery.SetDraw(PowerDraw.Searching, 0);

        // Act
        var onBattery = rig.Battery.TimeToEmpty;
        rig.Battery.SetMains(true);
        var onMains = rig.Battery.TimeToEmpty;

        // Assert: 1,500 mAh left at 120 mA = 12.5 h.
        Assert.NotNull(onBattery);
        Assert.InRange(onBattery.Value, TimeSpan.FromHours(12.5) - Tolerance, TimeSpan.FromHours(12.5) + Tolerance);
        Assert.Null(onMains);
    }

    [Fact]
    public void CurrentMilliamps_OnBattery_FollowsTheDraw()
    {
        // Arrange
        using var rig = new PowerRig(percent: 50, mains: false);

        // Act
        var currents = new List<double>();
        foreach (var draw in Enum.GetValues<PowerDraw>())
        {
            rig.Battery.SetDraw(draw, 2);
            currents.Add(rig.Battery.CurrentMilliamps);
        }

        // Assert: Off, Booting, Idle, Searching, Announcing at volume 2.
        Assert.Equal([0.05, 150, 3000.0 / 72, 120, 160 + (2 * 40)], currents);
    }
}
