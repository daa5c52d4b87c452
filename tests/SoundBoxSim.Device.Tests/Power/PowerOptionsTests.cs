using SoundBoxSim.Device.Power;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Device.Tests.Power;

public sealed class PowerOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        // Arrange
        var options = new PowerOptions();

        // Act
        var error = Record.Exception(options.Validate);

        // Assert
        Assert.Null(error);
    }

    [Fact]
    public void Defaults_IdleLifeIsThreeDays()
    {
        // Arrange
        var options = new PowerOptions();

        // Act
        var hours = options.CapacityMilliampHours / options.IdleMilliamps;

        // Assert
        Assert.Equal(72, hours, 9);
    }

    [Theory]
    [InlineData(nameof(PowerOptions.CapacityMilliampHours), 0, "greater than 0 mAh")]
    [InlineData(nameof(PowerOptions.CapacityMilliampHours), double.NaN, "greater than 0 mAh")]
    [InlineData(nameof(PowerOptions.IdleMilliamps), -1, "0 mA or more")]
    [InlineData(nameof(PowerOptions.BootingMilliamps), double.PositiveInfinity, "0 mA or more")]
    [InlineData(nameof(PowerOptions.SearchingMilliamps), -0.1, "0 mA or more")]
    [InlineData(nameof(PowerOptions.AnnouncingMilliamps), -5, "0 mA or more")]
    [InlineData(nameof(PowerOptions.AnnouncingMilliampsPerVolumeStep), -5, "0 mA or more")]
    [InlineData(nameof(PowerOptions.MaxVolume), -1, "from 0 to 100")]
    [InlineData(nameof(PowerOptions.MaxVolume), 101, "from 0 to 100")]
    [InlineData(nameof(PowerOptions.OffMilliamps), -0.01, "0 mA or more")]
    [InlineData(nameof(PowerOptions.ChargeMilliamps), 0, "greater than 0 mA")]
    [InlineData(nameof(PowerOptions.ConstantCurrentUntilPercent), 100.5, "from 0 % to 100 %")]
    [InlineData(nameof(PowerOptions.TaperTimeConstant), 0, "greater than zero and at most 1 day")]
    [InlineData(nameof(PowerOptions.TaperTimeConstant), 48, "greater than zero and at most 1 day")]
    [InlineData(nameof(PowerOptions.ChargeTerminationMilliamps), 0, "greater than 0 mA and at most ChargeMilliamps (1500 mA)")]
    [InlineData(nameof(PowerOptions.ChargeTerminationMilliamps), 2000, "greater than 0 mA and at most ChargeMilliamps (1500 mA)")]
    [InlineData(nameof(PowerOptions.LowBatteryPercent), 100, "from 0 % up to, not including, 100 %")]
    [InlineData(nameof(PowerOptions.LowBatteryPercent), -1, "from 0 % up to, not including, 100 %")]
    [InlineData(nameof(PowerOptions.LowBatteryRearmPercent), 10, "from LowBatteryPercent (15 %) up to, not including, 100 %")]
    public void Validate_OutOfRange_NamesThePropertyAndTheRange(string property, double value, string range)
    {
        // Arrange
        var options = With(new PowerOptions(), property, value);

        // Act
        var error = Assert.Throws<ArgumentException>(options.Validate);

        // Assert
        Assert.Equal(property, error.ParamName);
        Assert.StartsWith($"PowerOptions.{property} must be ", error.Message, StringComparison.Ordinal);
        Assert.Contains(range, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Battery_InvalidOptions_ThrowsFromTheConstructor()
    {
        // Arrange
        var options = new PowerOptions { CapacityMilliampHours = -3000 };

        // Act
        var error = Assert.Throws<ArgumentException>(() => new Battery(options, new ManualTimeProvider()));

        // Assert
        Assert.Equal(nameof(PowerOptions.CapacityMilliampHours), error.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void SetDraw_VolumeOutOfRange_ThrowsWithTheRange(int volume)
    {
        // Arrange
        using var battery = new Battery(new PowerOptions(), new ManualTimeProvider());

        // Act
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => battery.SetDraw(PowerDraw.Announcing, volume));

        // Assert
        Assert.Equal("volume", error.ParamName);
        Assert.Contains("from 0 to 5", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, battery.Volume);
    }

    [Fact]
    public void SetDraw_UndefinedDraw_Throws()
    {
        // Arrange
        using var battery = new Battery(new PowerOptions(), new ManualTimeProvider());

        // Act
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => battery.SetDraw((PowerDraw)42, 0));

        // Assert
        Assert.Equal("draw", error.ParamName);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    [InlineData(double.NaN)]
    public void SetPercent_OutOfRange_Throws(double percent)
    {
        // Arrange
        using var battery = new Battery(new PowerOptions(), new ManualTimeProvider(), 50);

        // Act
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => battery.SetPercent(percent));

        // Assert
        Assert.Equal("percent", error.ParamName);
        Assert.Contains("from 0 to 100", error.Message, StringComparison.Ordinal);
        Assert.Equal(50, battery.Percent);
    }

    [Fact]
    public void Constructor_PercentOutOfRange_Throws()
    {
        // Arrange
        var clock = new ManualTimeProvider();

        // Act
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Battery(new PowerOptions(), clock, 120));

        // Assert
        Assert.Equal("percent", error.ParamName);
    }

    [Fact]
    public void Constructor_Defaults_FullOnMainsIdleAtVolumeZero()
    {
        // Arrange
        using var battery = new Battery(new PowerOptions(), new ManualTimeProvider());

        // Act
        var state = (battery.Percent, battery.MainsConnected, battery.Charging, battery.Draw, battery.Volume);

        // Assert
        Assert.Equal((100.0, true, false, PowerDraw.Idle, 0), state);
    }

    private static PowerOptions With(PowerOptions options, string property, double value) => property switch
    {
        nameof(PowerOptions.CapacityMilliampHours) => options with { CapacityMilliampHours = value },
        nameof(PowerOptions.IdleMilliamps) => options with { IdleMilliamps = value },
        nameof(PowerOptions.BootingMilliamps) => options with { BootingMilliamps = value },
        nameof(PowerOptions.SearchingMilliamps) => options with { SearchingMilliamps = value },
        nameof(PowerOptions.AnnouncingMilliamps) => options with { AnnouncingMilliamps = value },
        nameof(PowerOptions.AnnouncingMilliampsPerVolumeStep) => options with { AnnouncingMilliampsPerVolumeStep = value },
        nameof(PowerOptions.MaxVolume) => options with { MaxVolume = (int)value },
        nameof(PowerOptions.OffMilliamps) => options with { OffMilliamps = value },
        nameof(PowerOptions.ChargeMilliamps) => options with { ChargeMilliamps = value },
        nameof(PowerOptions.ConstantCurrentUntilPercent) => options with { ConstantCurrentUntilPercent = value },
        nameof(PowerOptions.TaperTimeConstant) => options with { TaperTimeConstant = TimeSpan.FromHours(value) },
        nameof(PowerOptions.ChargeTerminationMilliamps) => options with { ChargeTerminationMilliamps = value },
        nameof(PowerOptions.LowBatteryPercent) => options with { LowBatteryPercent = value },
        nameof(PowerOptions.LowBatteryRearmPercent) => options with { LowBatteryRearmPercent = value },
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, "Not a PowerOptions number."),
    };
}
