using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace SoundBoxSim.MqttLoad;

/// <summary>Counts one subscriber's deliveries and their end-to-end latency from the send time in the payload.</summary>
internal sealed class Receiver
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _received;
    private long _expected = long.MaxValue;

    /// <summary>Set before publishing starts.</summary>
    public MeasureWindow Window { get; set; } = new(0, 0);

    public LatencyHistogram Latency { get; } = new();

    public long Received => Volatile.Read(ref _received);

    /// <summary>Deliveries that arrived inside the measuring window.</summary>
    public long InWindow { get; private set; }

    public void OnPublish(ReadOnlySequence<byte> payload)
    {
        var now = Stopwatch.GetTimestamp();
        Span<byte> stamp = stackalloc byte[8];
        payload.Slice(0, 8).CopyTo(stamp);
        if (Window.Contains(now))
        {
            InWindow++;
            Latency.RecordTicks(now - BinaryPrimitives.ReadInt64LittleEndian(stamp));
        }

        if (Interlocked.Increment(ref _received) >= Volatile.Read(ref _expected))
        {
            _done.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="expected"/> messages have arrived, or at <paramref name="deadline"/> (Stopwatch ticks).</summary>
    public async Task ExpectAsync(long expected, long deadline, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _expected, expected);
        if (Received >= expected)
        {
            return;
        }

        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (left > TimeSpan.Zero)
        {
            await _done.Task.WaitAsync(left, TimeProvider.System, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
