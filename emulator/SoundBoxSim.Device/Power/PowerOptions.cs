namespace SoundBoxSim.Device.Power;

/// <summary>
/// The electrical figures of the emulated speaker: battery size, the current each activity draws, and how the
/// charger fills the battery. The defaults model a SePay SoundBox whose battery lasts "up to 3 days" idle on 4G.
/// Immutable; call <see cref="Validate"/> (the <see cref="Battery"/> constructor does) before use.
/// </summary>
public sealed record PowerOptions
{
    /// <summary>
    /// The battery's usable capacity in mAh. The default, 3,000 mAh, is a typical single Li-ion cell of a 4G speaker,
    /// and with <see cref="IdleMilliamps"/> gives the advertised three days.
    /// </summary>
    public double CapacityMilliampHours { get; init; } = 3000;

    /// <summary>
    /// The current drawn idle on 4G, in mA. The default, 3,000 / 72 ≈ 41.7 mA, is chosen so a full default battery
    /// lasts exactly the advertised 72 hours idle; it does not follow <see cref="CapacityMilliampHours"/> if that changes.
    /// </summary>
    public double IdleMilliamps { get; init; } = 3000.0 / 72;

    /// <summary>
    /// The current drawn while booting, in mA. The default, 150 mA, is a modem attaching to the network with the CPU busy;
    /// booting lasts seconds, so it matters little for the battery's life.
    /// </summary>
    public double BootingMilliamps { get; init; } = 150;

    /// <summary>
    /// The current drawn while the radio searches for a network, in mA. The default, 120 mA, is about three times idle:
    /// a modem scanning bands transmits and listens far more than one camped on a cell, so a speaker out of coverage
    /// runs flat in about a day.
    /// </summary>
    public double SearchingMilliamps { get; init; } = 120;

    /// <summary>
    /// The current drawn while announcing at volume 0, in mA. The default, 160 mA, is the CPU decoding audio and the
    /// amplifier biased on; <see cref="AnnouncingMilliampsPerVolumeStep"/> adds the loudspeaker's share.
    /// </summary>
    public double AnnouncingMilliamps { get; init; } = 160;

    /// <summary>
    /// The extra current per volume step while announcing, in mA. The default, 40 mA, makes the loudest setting
    /// (5 steps, 360 mA) a bit more than twice the quietest, as with a small class-D amplifier.
    /// </summary>
    public double AnnouncingMilliampsPerVolumeStep { get; init; } = 40;

    /// <summary>The highest volume level; levels run 0 to this. The default, 5, matches the speaker's volume buttons.</summary>
    public int MaxVolume { get; init; } = 5;

    /// <summary>
    /// The current lost while switched off (self-discharge and the power switch's leakage), in mA. The default,
    /// 0.05 mA, empties a full default battery in about seven years, i.e. a speaker left in a drawer keeps its charge for months.
    /// </summary>
    public double OffMilliamps { get; init; } = 0.05;

    /// <summary>
    /// The charger's constant current, in mA, used up to <see cref="ConstantCurrentUntilPercent"/>. The default, 1,500 mA
    /// (0.5 C), is a 5 V / 2 A adapter's usual setting, and fills an empty default battery to 80 % in 1.6 hours.
    /// </summary>
    public double ChargeMilliamps { get; init; } = 1500;

    /// <summary>
    /// Where the charger switches from constant current to constant voltage, in percent. The default, 80 %, is where
    /// a Li-ion cell reaches its charge voltage at 0.5 C.
    /// </summary>
    public double ConstantCurrentUntilPercent { get; init; } = 80;

    /// <summary>
    /// The time constant of the constant-voltage phase: the charging current decays exponentially with it until it falls
    /// to <see cref="ChargeTerminationMilliamps"/>, where the battery reads 100 %. The default, 25 minutes, makes
    /// 80 % to 100 % take about an hour (25 min × ln(10.6) ≈ 59 min), as real chargers do.
    /// </summary>
    public TimeSpan TaperTimeConstant { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>
    /// The current at which the charger ends the constant-voltage phase and the battery counts as full, in mA. The
    /// default, 150 mA, is a tenth of <see cref="ChargeMilliamps"/>, the usual Li-ion termination. It makes full
    /// a finite time away, where a pure exponential would never arrive.
    /// </summary>
    public double ChargeTerminationMilliamps { get; init; } = 150;

    /// <summary>
    /// The level at which the low-battery warning fires while running on battery, in percent. The default, 15 %,
    /// leaves about half a day idle with default figures to find a socket.
    /// </summary>
    public double LowBatteryPercent { get; init; } = 15;

    /// <summary>
    /// The level the battery must rise above before the low-battery warning can fire again, in percent. The default,
    /// 20 %, is a hysteresis band so a battery hovering around <see cref="LowBatteryPercent"/> does not warn repeatedly.
    /// </summary>
    public double LowBatteryRearmPercent { get; init; } = 20;

    /// <summary>
    /// The current the device draws from its supply for <paramref name="draw"/> at <paramref name="volume"/> (volume
    /// counts only while announcing), in mA; the battery model and telemetry share this one formula.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="draw"/> is not a defined value.</exception>
    public double MilliampsFor(PowerDraw draw, int volume) => draw switch
    {
        PowerDraw.Off => OffMilliamps,
        PowerDraw.Booting => BootingMilliamps,
        PowerDraw.Idle => IdleMilliamps,
        PowerDraw.Searching => SearchingMilliamps,
        PowerDraw.Announcing => AnnouncingMilliamps + (volume * AnnouncingMilliampsPerVolumeStep),
        _ => throw new ArgumentOutOfRangeException(nameof(draw), draw, $"{draw} is not a {nameof(PowerDraw)} value."),
    };

    /// <summary>
    /// Checks every figure so a mistyped option fails at start-up with its name and allowed range, instead of
    /// producing a battery that never drains or charges.
    /// </summary>
    /// <exception cref="ArgumentException">A property is out of range; the message names it and the range.</exception>
    public void Validate()
    {
        Positive(CapacityMilliampHours, nameof(CapacityMilliampHours), "mAh");
        NonNegative(IdleMilliamps, nameof(IdleMilliamps));
        NonNegative(BootingMilliamps, nameof(BootingMilliamps));
        NonNegative(SearchingMilliamps, nameof(SearchingMilliamps));
        NonNegative(AnnouncingMilliamps, nameof(AnnouncingMilliamps));
        NonNegative(AnnouncingMilliampsPerVolumeStep, nameof(AnnouncingMilliampsPerVolumeStep));
        if (MaxVolume is < 0 or > 100)
        {
            throw Invalid(nameof(MaxVolume), "an integer from 0 to 100", MaxVolume);
        }

        NonNegative(OffMilliamps, nameof(OffMilliamps));
        Positive(ChargeMilliamps, nameof(ChargeMilliamps), "mA");
        Percent(ConstantCurrentUntilPercent, nameof(ConstantCurrentUntilPercent));
        if (TaperTimeConstant <= TimeSpan.Zero || TaperTimeConstant > TimeSpan.FromDays(1))
        {
            throw Invalid(nameof(TaperTimeConstant), "greater than zero and at most 1 day", TaperTimeConstant);
        }

        if (!double.IsFinite(ChargeTerminationMilliamps) || ChargeTerminationMilliamps <= 0 || ChargeTerminationMilliamps > ChargeMilliamps)
        {
            throw Invalid(nameof(ChargeTerminationMilliamps),
                $"greater than 0 mA and at most {nameof(ChargeMilliamps)} ({ChargeMilliamps} mA)", ChargeTerminationMilliamps);
        }

        if (!double.IsFinite(LowBatteryPercent) || LowBatteryPercent < 0 || LowBatteryPercent >= 100)
        {
            throw Invalid(nameof(LowBatteryPercent), "from 0 % up to, not including, 100 %", LowBatteryPercent);
        }

        if (!double.IsFinite(LowBatteryRearmPercent) || LowBatteryRearmPercent < LowBatteryPercent || LowBatteryRearmPercent >= 100)
        {
            throw Invalid(nameof(LowBatteryRearmPercent),
                $"from {nameof(LowBatteryPercent)} ({LowBatteryPercent} %) up to, not including, 100 %", LowBatteryRearmPercent);
        }
    }

    private static void Positive(double value, string name, string unit)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw Invalid(name, $"a finite number greater than 0 {unit}", value);
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw Invalid(name, "a finite number of 0 mA or more", value);
        }
    }

    private static void Percent(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0 || value > 100)
        {
            throw Invalid(name, "from 0 % to 100 %", value);
        }
    }

    private static ArgumentException Invalid(string name, string range, object value) =>
        new($"{nameof(PowerOptions)}.{name} must be {range}; it was {value}.", name);
}
