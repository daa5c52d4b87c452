namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// Closes a connection that sends nothing for <c>KeepAliveFactor</c> × its keep-alive (MQTT-3.1.2-24). One timer per
/// connection, armed for the whole limit; a packet only records the time (no timer work per packet), and when the
/// timer fires it either expires the connection or re-arms itself for what is left since the last packet.
/// The clock is the broker's <see cref="TimeProvider"/>, so tests move it by hand.
/// </summary>
internal sealed class KeepAliveMonitor : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action _expired;
    private readonly ITimer _timer;
    private long _lastPacket;

    public KeepAliveMonitor(TimeProvider time, TimeSpan limit, Action expired)
    {
        _time = time;
        Limit = limit;
        _expired = expired;
        _lastPacket = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((KeepAliveMonitor)state!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(limit, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Limit { get; }

    /// <summary>The keep-alive limit: <paramref name="factor"/> × <paramref name="keepAliveSeconds"/>, or null when keep-alive is off (0).</summary>
    public static TimeSpan? LimitFor(ushort keepAliveSeconds, double factor) =>
        keepAliveSeconds == 0 ? null : TimeSpan.FromSeconds(keepAliveSeconds * factor);

    /// <summary>How long until the connection expires after <paramref name="idle"/> without a packet; zero or less means now.</summary>
    public static TimeSpan Remaining(TimeSpan idle, TimeSpan limit) => limit - idle;

    /// <summary>A packet arrived.</summary>
    public void Touch() => Volatile.Write(ref _lastPacket, _time.GetTimestamp());

    public void Dispose() => _timer.Dispose();

    private void OnDue()
    {
        var remaining = Remaining(_time.GetElapsedTime(Volatile.Read(ref _lastPacket)), Limit);
        if (remaining <= TimeSpan.Zero)
        {
            _expired();
            return;
        }

        try
        {
            _timer.Change(remaining, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The connection closed meanwhile.
        }
    }
}
