namespace SoundBoxSim.Device.Network;

/// <summary>
/// The speaker's 4G link: a signal level (0 = no network), and latency and loss injected between the device and the
/// broker. Loss is modelled the way TCP shows it to an application: a lost segment is retransmitted, so the message
/// arrives late (after <see cref="RetransmitDelay"/>), not never. Thread-safe.
/// </summary>
public sealed class CellularLink
{
    /// <summary>The highest signal level (bars).</summary>
    public const int MaxSignal = 5;

    private readonly Lock _sync = new();
    private readonly Func<double> _random;
    private int _signal;
    private TimeSpan _latency;
    private double _loss;

    /// <summary>Creates a link at <paramref name="signal"/> bars; <paramref name="random"/> decides losses (default: shared random).</summary>
    public CellularLink(int signal = 4, Func<double>? random = null)
    {
        _signal = CheckSignal(signal);
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Raised when the link goes up (signal from 0 to above) or down (to 0).</summary>
    public event EventHandler<bool>? AvailabilityChanged;

    /// <summary>Signal bars, 0 to <see cref="MaxSignal"/>.</summary>
    public int Signal
    {
        get { lock (_sync) { return _signal; } }
    }

    /// <summary>Whether there is any network.</summary>
    public bool IsUp => Signal > 0;

    /// <summary>One-way delay added to every message in both directions.</summary>
    public TimeSpan Latency
    {
        get { lock (_sync) { return _latency; } }
    }

    /// <summary>Probability (0..1) that a message is lost once and retransmitted.</summary>
    public double Loss
    {
        get { lock (_sync) { return _loss; } }
    }

    /// <summary>The extra delay of a retransmitted message (TCP's minimum retransmission timeout).</summary>
    public TimeSpan RetransmitDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Sets the signal; 0 takes the network away, anything above brings it back.</summary>
    public void SetSignal(int signal)
    {
        CheckSignal(signal);
        bool wasUp;
        lock (_sync)
        {
            wasUp = _signal > 0;
            _signal = signal;
        }

        if (wasUp != signal > 0)
        {
            AvailabilityChanged?.Invoke(this, signal > 0);
        }
    }

    /// <summary>Sets the injected latency (0 to 60 s) and loss probability (0 to 1).</summary>
    public void SetImpairment(TimeSpan latency, double loss)
    {
        if (latency < TimeSpan.Zero || latency > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(latency), latency, "Latency must be from 0 to 60 s.");
        }

        if (!(loss is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(loss), loss, "Loss must be a probability from 0 to 1.");
        }

        lock (_sync)
        {
            _latency = latency;
            _loss = loss;
        }
    }

    /// <summary>How long the next message takes over the link: the latency, plus a retransmission when it is lost.</summary>
    public TimeSpan NextDelay()
    {
        lock (_sync)
        {
            return _loss > 0 && _random() < _loss ? _latency + RetransmitDelay : _latency;
        }
    }

    private static int CheckSignal(int signal) => signal is >= 0 and <= MaxSignal
        ? signal
        : throw new ArgumentOutOfRangeException(nameof(signal), signal, $"Signal must be from 0 (no network) to {MaxSignal} bars.");
}
