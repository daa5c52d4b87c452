using System.Diagnostics;
using System.Numerics;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// Latencies in microseconds, in log-linear buckets (exact below 512 µs, within 0.4 % above), so millions of
/// samples cost a fixed 56 KB. Not thread-safe: one per receiving connection, merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBuckets = 1 << SubBucketBits; // buckets per power of two
    private const int Linear = 2 * SubBuckets;         // exact buckets for 0..511 µs
    private const int MaxShift = 26;                   // up to 2^35 µs (9.5 hours), far beyond any run
    private readonly long[] _counts = new long[Linear + (MaxShift * SubBuckets)];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void RecordTicks(long stopwatchTicks) =>
        Record(Math.Max(0, stopwatchTicks) * 1_000_000 / Stopwatch.Frequency);

    public void Record(long microseconds)
    {
        _counts[Index(microseconds)]++;
        Count++;
        MaxMicroseconds = Math.Max(MaxMicroseconds, microseconds);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The value at <paramref name="percentile"/> (0..100), in microseconds; 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(rank, 1))
            {
                return Math.Min(Middle(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    private static int Index(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }

        var shift = Math.Min(63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits, MaxShift);
        var top = (int)Math.Min(value >> shift, (2 * SubBuckets) - 1); // SubBuckets..2*SubBuckets-1
        return Linear + ((shift - 1) * SubBuckets) + (top - SubBuckets);
    }

    private static double Middle(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var shift = ((index - Linear) / SubBuckets) + 1;
        var top = ((index - Linear) % SubBuckets) + SubBuckets;
        return ((long)top << shift) + ((1L << shift) / 2.0);
    }
}
