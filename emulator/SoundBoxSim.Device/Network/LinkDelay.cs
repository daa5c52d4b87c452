namespace SoundBoxSim.Device.Network;

/// <summary>
/// One direction of the 4G link: runs each posted action after the link's delay for it, in posting order (TCP never
/// reorders: a retransmitted message holds back the ones behind it). Without latency or loss it runs actions at once,
/// on the caller's thread, with no timer. Thread-safe.
/// </summary>
internal sealed class LinkDelay(TimeProvider time, CellularLink link)
{
    private readonly Lock _sync = new();
    private readonly Queue<(long Due, Action Action)> _queue = new();
    private ITimer? _timer;
    private long _lastDue;

    public void Post(Action action)
    {
        var delay = link.NextDelay();
        lock (_sync)
        {
            var now = time.GetTimestamp();
            if (delay == TimeSpan.Zero && _queue.Count == 0)
            {
                _lastDue = now;
                action();
                return;
            }

            var due = Math.Max(now + (long)(delay.TotalSeconds * time.TimestampFrequency), _lastDue);
            _lastDue = due;
            _queue.Enqueue((due, action));
            if (_queue.Count == 1)
            {
                Arm(due - now);
            }
        }
    }

    private void Arm(long ticks)
    {
        var wait = TimeSpan.FromSeconds((double)Math.Max(0, ticks) / time.TimestampFrequency);
        _timer?.Dispose();
        _timer = time.CreateTimer(static state => ((LinkDelay)state!).RunDue(), this, wait, Timeout.InfiniteTimeSpan);
    }

    private void RunDue()
    {
        lock (_sync)
        {
            var now = time.GetTimestamp();
            while (_queue.TryPeek(out var next) && next.Due <= now)
            {
                _queue.Dequeue();
                next.Action();
            }

            if (_queue.TryPeek(out var later))
            {
                Arm(later.Due - now);
            }
        }
    }
}
