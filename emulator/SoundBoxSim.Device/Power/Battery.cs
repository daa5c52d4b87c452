namespace SoundBoxSim.Device.Power;

/// <summary>
/// The speaker's battery and mains supply, modelled analytically so days of virtual time cost nothing: it keeps the
/// percentage at the last change, when that was, and the current phase (draining at the current draw, or charging),
/// computes <see cref="Percent"/> on demand, and arms one timer for the next threshold (low, empty or full).
/// </summary>
/// <remarks>
/// <para>On mains the device runs from the adapter and the battery only charges: constant current up to
/// <see cref="PowerOptions.ConstantCurrentUntilPercent"/>, then constant voltage, where the current decays exponentially
/// with <see cref="PowerOptions.TaperTimeConstant"/> until it falls to <see cref="PowerOptions.ChargeTerminationMilliamps"/>
/// and the battery reads 100 %. On battery it drains at the current of <see cref="Draw"/>, even when <see cref="PowerDraw.Off"/>.</para>
/// <para>A battery created on battery power already at or below a threshold counts as having raised that event
/// (nobody could have listened yet); the device reads <see cref="Percent"/> when it boots.</para>
/// <para>Thread-safe: timer callbacks arrive on other threads. Events are raised outside the lock, on the thread that
/// caused them (a setter's caller, or the timer's), so a handler may call back into the battery.</para>
/// </remarks>
public sealed class Battery : IDisposable
{
    // Threshold checks forgive rounding in the percent arithmetic (a timer due at the crossing, rounded up to a tick,
    // may compute 15.000000000001 %).
    private const double Epsilon = 1e-9;

    // System.Threading timers reject due times above about 49.7 days; a longer wait (the battery off, or with a tiny
    // draw) is split into wake-ups that only re-plan.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(30);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly ITimer _timer;

    // Percent is _anchorPercent at timestamp _anchorStamp, changing since then at the rates of the current phase.
    private double _anchorPercent;
    private long _anchorStamp;
    private bool _mains;
    private PowerDraw _draw = PowerDraw.Idle;
    private int _volume;
    private bool _lowArmed = true;
    private bool _emptyLatched;
    private bool _fullLatched;
    private Threshold _planned;
    private TimeSpan _plannedAfter;
    private bool _disposed;

    /// <summary>
    /// Creates a battery at <paramref name="percent"/> with the supply in the given state. The draw starts as
    /// <see cref="PowerDraw.Idle"/> at volume 0 until the device says otherwise with <see cref="SetDraw"/>.
    /// </summary>
    /// <param name="options">The electrical figures; validated here.</param>
    /// <param name="time">The clock for draining, charging and the threshold timer.</param>
    /// <param name="percent">The charge level, 0 to 100.</param>
    /// <param name="mainsConnected">Whether the adapter is plugged in.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> fails <see cref="PowerOptions.Validate"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not from 0 to 100.</exception>
    public Battery(PowerOptions options, TimeProvider time, double percent = 100, bool mainsConnected = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        CheckPercent(percent, nameof(percent));
        Options = options;
        _time = time;
        _timer = time.CreateTimer(static state => ((Battery)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _anchorPercent = percent;
            _anchorStamp = time.GetTimestamp();
            _mains = mainsConnected;
            _ = Settle(); // latches thresholds already passed; nobody can be subscribed yet
            Plan();
        }
    }

    /// <summary>Raised when the charge falls to <see cref="PowerOptions.LowBatteryPercent"/> while running on battery
    /// (also when <see cref="SetPercent"/> or unplugging leaves it there); once, until the charge rises above
    /// <see cref="PowerOptions.LowBatteryRearmPercent"/>. The device announces "low battery" on it.</summary>
    public event EventHandler? LowBattery;

    /// <summary>Raised when the charge reaches 0 % on battery, once per discharge; the battery then stays at 0 % until
    /// mains returns. The device shuts down on it.</summary>
    public event EventHandler? Empty;

    /// <summary>Raised when the charge reaches 100 % while on mains (charging, or <see cref="SetPercent"/> to 100); once
    /// until it drops below 100 % again.</summary>
    public event EventHandler? Full;

    /// <summary>Raised after <see cref="SetMains"/> changes <see cref="MainsConnected"/>, so the device can say
    /// "on battery power" or "power restored".</summary>
    public event EventHandler? MainsChanged;

    /// <summary>The figures this battery runs on, for callers that display or reuse them.</summary>
    public PowerOptions Options { get; }

    /// <summary>The charge now, 0 to 100, computed from the last change and the time elapsed since.</summary>
    public double Percent
    {
        get { lock (_lock) { return PercentNow(); } }
    }

    /// <summary>Whether the adapter is plugged in, in which case the device runs from mains and the battery only charges.</summary>
    public bool MainsConnected
    {
        get { lock (_lock) { return _mains; } }
    }

    /// <summary>Whether the battery is taking charge: mains connected and below 100 %.</summary>
    public bool Charging
    {
        get { lock (_lock) { return _mains && PercentNow() < 100; } }
    }

    /// <summary>What the device is doing, which sets the current it draws on battery.</summary>
    public PowerDraw Draw
    {
        get { lock (_lock) { return _draw; } }
    }

    /// <summary>The volume last given with <see cref="SetDraw"/>, 0 to <see cref="PowerOptions.MaxVolume"/>; it costs current only while announcing.</summary>
    public int Volume
    {
        get { lock (_lock) { return _volume; } }
    }

    /// <summary>
    /// How long the battery lasts at the current draw if nothing changes: null on mains or when the draw is 0 mA,
    /// <see cref="TimeSpan.Zero"/> once empty.
    /// </summary>
    public TimeSpan? TimeToEmpty
    {
        get
        {
            lock (_lock)
            {
                var rate = DrainPercentPerHour();
                if (_mains || rate <= 0)
                {
                    return null;
                }

                return Hours(PercentNow() / rate);
            }
        }
    }

    /// <summary>How long until the battery reads 100 % while charging; null when not charging.</summary>
    public TimeSpan? TimeToFull
    {
        get
        {
            lock (_lock)
            {
                var percent = PercentNow();
                return _mains && percent < 100 ? Hours(HoursToFull(percent)) : null;
            }
        }
    }

    /// <summary>The current drawn from the battery now, in mA: 0 on mains (the adapter feeds the device) and once the battery is flat.</summary>
    public double CurrentMilliamps
    {
        get { lock (_lock) { return _mains || PercentNow() <= 0 ? 0 : Options.MilliampsFor(_draw, _volume); } }
    }

    /// <summary>
    /// The current flowing into the battery now, in mA: <see cref="PowerOptions.ChargeMilliamps"/> in the constant-current
    /// phase, then tapering towards <see cref="PowerOptions.ChargeTerminationMilliamps"/>; 0 when not charging. For telemetry.
    /// </summary>
    public double ChargeCurrentMilliamps
    {
        get
        {
            lock (_lock)
            {
                var percent = PercentNow();
                if (!_mains || percent >= 100)
                {
                    return 0;
                }

                return percent < Options.ConstantCurrentUntilPercent
                    ? Options.ChargeMilliamps
                    : (TaperTarget - percent) / 100 * Options.CapacityMilliampHours / Options.TaperTimeConstant.TotalHours;
            }
        }
    }

    // The constant-voltage phase approaches this level exponentially and stops at 100 %, where the current has fallen
    // to the termination current: dp/dt = (target - p) / tau, so at p = 100 the current is (target - 100) % of C per tau.
    private double TaperTarget =>
        100 + (Options.ChargeTerminationMilliamps * Options.TaperTimeConstant.TotalHours / Options.CapacityMilliampHours * 100);

    /// <summary>Plugs the adapter in (the drain stops and charging starts) or pulls it (the battery takes over at the current draw).</summary>
    /// <exception cref="ObjectDisposedException">The battery is disposed.</exception>
    public void SetMains(bool connected) => Change(() =>
    {
        var changed = _mains != connected;
        _mains = connected;
        return changed;
    });

    /// <summary>Tells the battery what the device is doing now, which sets the current it draws on battery.</summary>
    /// <param name="draw">The device's activity.</param>
    /// <param name="volume">The volume, 0 to <see cref="PowerOptions.MaxVolume"/>; it costs current only while announcing.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="draw"/> is undefined or <paramref name="volume"/> out of range.</exception>
    /// <exception cref="ObjectDisposedException">The battery is disposed.</exception>
    public void SetDraw(PowerDraw draw, int volume)
    {
        if (!Enum.IsDefined(draw))
        {
            throw new ArgumentOutOfRangeException(nameof(draw), draw, $"{draw} is not a {nameof(PowerDraw)} value.");
        }

        if (volume < 0 || volume > Options.MaxVolume)
        {
            throw new ArgumentOutOfRangeException(nameof(volume), volume,
                $"Volume must be from 0 to {Options.MaxVolume} (PowerOptions.{nameof(PowerOptions.MaxVolume)}); it was {volume}.");
        }

        Change(() =>
        {
            _draw = draw;
            _volume = volume;
            return false;
        });
    }

    /// <summary>Sets the charge level at once, for tests and the control API; thresholds it passes raise their events.</summary>
    /// <param name="percent">The new level, 0 to 100.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is not from 0 to 100.</exception>
    /// <exception cref="ObjectDisposedException">The battery is disposed.</exception>
    public void SetPercent(double percent)
    {
        CheckPercent(percent, nameof(percent));
        Change(() =>
        {
            _anchorPercent = percent;
            return false;
        });
    }

    /// <summary>Stops the threshold timer; the battery raises no more events and its setters throw.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _planned = Threshold.None;
        }

        _timer.Dispose();
    }

    private static void CheckPercent(double percent, string name)
    {
        if (!(percent is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(name, percent, $"A battery level must be from 0 to 100 %; it was {percent}.");
        }
    }

    private static TimeSpan Hours(double hours) =>
        hours >= TimeSpan.MaxValue.TotalHours ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Round(hours * TimeSpan.TicksPerHour));

    // Brings the anchor to now under the old state, applies the change, then settles thresholds and re-plans the timer.
    private void Change(Func<bool> apply)
    {
        Raised raised;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Rebase(_time.GetTimestamp());
            // Settles the old state first: re-arms the low warning if charging took the battery above the re-arm
            // level, and raises a crossing whose timer has not fired yet.
            raised = Settle();
            var mainsChanged = apply();
            raised |= Settle() | (mainsChanged ? Raised.MainsChanged : Raised.None);
            Plan();
        }

        Raise(raised);
    }

    private void OnTimer()
    {
        Raised raised;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var reached = _planned != Threshold.None && _time.GetElapsedTime(_anchorStamp, now) >= _plannedAfter;
            Rebase(now);
            if (reached)
            {
                // The timer was due at the crossing rounded up to a tick: take the threshold as reached exactly.
                _anchorPercent = _planned switch
                {
                    Threshold.Low => Math.Min(_anchorPercent, Options.LowBatteryPercent),
                    Threshold.Empty => 0,
                    _ => 100,
                };
            }

            raised = Settle();
            Plan();
        }

        Raise(raised);
    }

    private void Raise(Raised raised)
    {
        // Mains first, so a handler hears "on battery power" before "low battery".
        if ((raised & Raised.MainsChanged) != 0)
        {
            MainsChanged?.Invoke(this, EventArgs.Empty);
        }

        if ((raised & Raised.Low) != 0)
        {
            LowBattery?.Invoke(this, EventArgs.Empty);
        }

        if ((raised & Raised.Empty) != 0)
        {
            Empty?.Invoke(this, EventArgs.Empty);
        }

        if ((raised & Raised.Full) != 0)
        {
            Full?.Invoke(this, EventArgs.Empty);
        }
    }

    private void Rebase(long now)
    {
        _anchorPercent = PercentAt(now);
        _anchorStamp = now;
    }

    // Updates the latches for the anchor level (which must be now) and returns the events it crossed into.
    private Raised Settle()
    {
        var raised = Raised.None;
        var percent = _anchorPercent;
        if (percent > Options.LowBatteryRearmPercent)
        {
            _lowArmed = true;
        }

        if (!_mains && _lowArmed && percent <= Options.LowBatteryPercent + Epsilon)
        {
            _lowArmed = false;
            raised |= Raised.Low;
        }

        if (percent <= Epsilon)
        {
            if (!_mains)
            {
                _anchorPercent = 0;
                if (!_emptyLatched)
                {
                    _emptyLatched = true;
                    raised |= Raised.Empty;
                }
            }
        }
        else
        {
            _emptyLatched = false;
        }

        if (percent >= 100 - Epsilon)
        {
            _anchorPercent = 100;
            if (!_fullLatched)
            {
                // Only a battery that fills on mains announces it; one set to 100 % on battery is simply full.
                _fullLatched = true;
                if (_mains)
                {
                    raised |= Raised.Full;
                }
            }
        }
        else
        {
            _fullLatched = false;
        }

        return raised;
    }

    // Arms the one timer for the next threshold from the anchor (which must be now), or disarms it.
    private void Plan()
    {
        _planned = Threshold.None;
        var next = Threshold.None;
        var hours = 0.0;
        var percent = _anchorPercent;
        if (!_mains)
        {
            var rate = DrainPercentPerHour();
            if (percent > 0 && rate > 0)
            {
                (next, hours) = _lowArmed && percent > Options.LowBatteryPercent
                    ? (Threshold.Low, (percent - Options.LowBatteryPercent) / rate)
                    : (Threshold.Empty, percent / rate);
            }
        }
        else if (percent < 100)
        {
            (next, hours) = (Threshold.Full, HoursToFull(percent));
        }

        if (next == Threshold.None)
        {
            _ = _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        // Round up to a whole tick so the level has certainly crossed when the timer fires; never 0, which would fire
        // synchronously inside this lock.
        var ticks = Math.Max(1, Math.Ceiling(hours * TimeSpan.TicksPerHour));
        if (ticks > MaxTimerDue.Ticks)
        {
            _ = _timer.Change(MaxTimerDue, Timeout.InfiniteTimeSpan); // a wake-up that only re-plans
            return;
        }

        _planned = next;
        _plannedAfter = TimeSpan.FromTicks((long)ticks);
        _ = _timer.Change(_plannedAfter, Timeout.InfiniteTimeSpan);
    }

    private double PercentNow() => PercentAt(_time.GetTimestamp());

    private double PercentAt(long timestamp)
    {
        var elapsed = _time.GetElapsedTime(_anchorStamp, timestamp);
        var hours = elapsed > TimeSpan.Zero ? elapsed.TotalHours : 0;
        if (!_mains)
        {
            return Math.Max(0, _anchorPercent - (DrainPercentPerHour() * hours));
        }

        return hours >= HoursToFull(_anchorPercent) ? 100 : ChargedPercent(_anchorPercent, hours);
    }

    // Percent per hour drained on battery at the current draw.
    private double DrainPercentPerHour() => Options.MilliampsFor(_draw, _volume) / Options.CapacityMilliampHours * 100;

    // Percent per hour gained in the constant-current phase.
    private double ConstantCurrentPercentPerHour => Options.ChargeMilliamps / Options.CapacityMilliampHours * 100;

    // The level after charging for the given hours from the given level, before it reaches 100 %.
    private double ChargedPercent(double from, double hours)
    {
        var percent = from;
        if (percent < Options.ConstantCurrentUntilPercent)
        {
            var constantCurrentHours = (Options.ConstantCurrentUntilPercent - percent) / ConstantCurrentPercentPerHour;
            if (hours < constantCurrentHours)
            {
                return Math.Min(100, percent + (ConstantCurrentPercentPerHour * hours));
            }

            percent = Options.ConstantCurrentUntilPercent;
            hours -= constantCurrentHours;
        }

        var target = TaperTarget;
        return Math.Min(100, target - ((target - percent) * Math.Exp(-hours / Options.TaperTimeConstant.TotalHours)));
    }

    // Hours of charging from the given level to 100 %.
    private double HoursToFull(double from)
    {
        if (from >= 100)
        {
            return 0;
        }

        var hours = 0.0;
        var percent = from;
        if (percent < Options.ConstantCurrentUntilPercent)
        {
            hours = (Options.ConstantCurrentUntilPercent - percent) / ConstantCurrentPercentPerHour;
            percent = Options.ConstantCurrentUntilPercent;
        }

        if (percent >= 100)
        {
            return hours;
        }

        var target = TaperTarget;
        return hours + (Options.TaperTimeConstant.TotalHours * Math.Log((target - percent) / (target - 100)));
    }

    // The threshold the timer is armed for.
    private enum Threshold
    {
        None,
        Low,
        Empty,
        Full,
    }

    // The events a change or a timer callback raises once it has left the lock.
    [Flags]
    private enum Raised
    {
        None = 0,
        Low = 1,
        Empty = 2,
        Full = 4,
        MainsChanged = 8,
    }
}
