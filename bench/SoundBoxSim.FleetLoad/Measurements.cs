using System.Diagnostics;
using System.Globalization;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.FleetLoad;

/// <summary>
/// Send times of numbered commands ("b{n}") and what became of each: started on the device, started ack back,
/// failed. Each outcome counts once per command; commands sent during the warm-up count but are not measured.
/// </summary>
internal sealed class Measurements(int total, int warmupCount)
{
    private readonly long[] _sentAt = new long[total];
    private readonly int[] _started = new int[total];
    private readonly int[] _acked = new int[total];
    private readonly int[] _failed = new int[total];
    private readonly LatencyHistogram _onDevice = new();
    private readonly LatencyHistogram _ackBack = new();
    private readonly TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _startedCount;
    private int _ackedCount;
    private int _failedCount;
    private int _sentCount;

    public int Total => total;

    public int Sent => Volatile.Read(ref _sentCount);

    public int StartedCount => Volatile.Read(ref _startedCount);

    public int AckedCount => Volatile.Read(ref _ackedCount);

    public int FailedCount => Volatile.Read(ref _failedCount);

    public static string IdOf(int n) => string.Create(CultureInfo.InvariantCulture, $"b{n}");

    public void Sending(int n)
    {
        Volatile.Write(ref _sentAt[n], Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _sentCount);
    }

    public void StartedOnDevice(string id) => Record(id, _started, ref _startedCount, _onDevice);

    public void StartedAckReceived(string id) => Record(id, _acked, ref _ackedCount, _ackBack);

    public void Failed(string id)
    {
        if (Number(id) is { } n && Interlocked.Exchange(ref _failed[n], 1) == 0)
        {
            Interlocked.Increment(ref _failedCount);
        }
    }

    /// <summary>Waits until every command has started on its device and its started ack is back, at most <paramref name="drain"/>; true when all did.</summary>
    public async Task<bool> WaitAllStartedAsync(TimeSpan drain, CancellationToken cancellationToken)
    {
        try
        {
            await _allStarted.Task.WaitAsync(drain, TimeProvider.System, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public LatencyHistogram OnDevice()
    {
        lock (_onDevice)
        {
            return Copy(_onDevice);
        }
    }

    public LatencyHistogram AckBack()
    {
        lock (_ackBack)
        {
            return Copy(_ackBack);
        }
    }

    private static LatencyHistogram Copy(LatencyHistogram histogram)
    {
        var copy = new LatencyHistogram();
        copy.Add(histogram);
        return copy;
    }

    private void Record(string id, int[] seen, ref int count, LatencyHistogram histogram)
    {
        var now = Stopwatch.GetTimestamp();
        if (Number(id) is not { } n || Interlocked.Exchange(ref seen[n], 1) != 0)
        {
            return; // not ours, or a repeat (a QoS 1 redelivery)
        }

        if (n >= warmupCount)
        {
            lock (histogram)
            {
                histogram.RecordTicks(now - Volatile.Read(ref _sentAt[n]));
            }
        }

        Interlocked.Increment(ref count);
        if (StartedCount == total && AckedCount == total)
        {
            _allStarted.TrySetResult();
        }
    }

    private int? Number(string id) =>
        id.Length > 1 && id[0] == 'b' && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < total ? n : null;
}
