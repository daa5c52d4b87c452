using System.Diagnostics;
using SoundBoxSim.MqttLoad;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.WebhookLoad;

/// <summary>
/// Per transfer n (transaction id first + n, one webhook, so one delivery each): when it was due and made (stopwatch),
/// and, from the engine's <see cref="DeliveryEngine.Changed"/> records, when its delivery was accepted, when the first
/// attempt started and how long it took, how it ended and after how many attempts, and when the end was seen. Only
/// numbers are kept, never the records, so the engine's log bound is what holds memory. Each slot is written once.
/// </summary>
internal sealed class DeliveryMeasurements
{
    private const byte Succeeded = 1, Failed = 2;
    private readonly long _firstTransactionId;
    private readonly int _warmupCount;
    private readonly long[] _scheduledAt;
    private readonly long[] _madeAt;
    private readonly long[] _createdTicks;
    private readonly long[] _firstStartTicks;
    private readonly long[] _firstDurationTicks;
    private readonly long[] _lastEndTicks;
    private readonly long[] _endedAt;
    private readonly byte[] _state;
    private readonly int[] _attempts;
    private readonly int[] _accepted;
    private int _made, _acceptedCount, _ended, _succeeded, _failed, _retried, _duplicateAccepts, _duplicateEnds, _strangers;
    private string? _firstProblem;

    public DeliveryMeasurements(int total, int warmupCount, long firstTransactionId)
    {
        Total = total;
        _warmupCount = warmupCount;
        _firstTransactionId = firstTransactionId;
        _scheduledAt = new long[total];
        _madeAt = new long[total];
        _createdTicks = new long[total];
        _firstStartTicks = new long[total];
        _firstDurationTicks = new long[total];
        _lastEndTicks = new long[total];
        _endedAt = new long[total];
        _state = new byte[total];
        _attempts = new int[total];
        _accepted = new int[total];
    }

    public int Total { get; }

    public int Made => Volatile.Read(ref _made);

    public int Accepted => Volatile.Read(ref _acceptedCount);

    public int Ended => Volatile.Read(ref _ended);

    public int SucceededCount => Volatile.Read(ref _succeeded);

    public string? FirstProblem => Volatile.Read(ref _firstProblem);

    /// <summary>Transfer n was made (its delivery was accepted inside the call); it was due at <paramref name="scheduledAt"/>.</summary>
    public void Record(int n, long scheduledAt, long madeAt)
    {
        _scheduledAt[n] = scheduledAt;
        Volatile.Write(ref _madeAt[n], madeAt);
        Interlocked.Increment(ref _made);
    }

    /// <summary>The engine's <see cref="DeliveryEngine.Changed"/>: accepted, attempted (a retry is due) or ended.</summary>
    public void Changed(WebhookDelivery delivery)
    {
        var seen = Stopwatch.GetTimestamp();
        var index = delivery.TransactionId - _firstTransactionId;
        if (index < 0 || index >= Total || delivery.ReplayOf is not null)
        {
            Interlocked.Increment(ref _strangers);
            return;
        }

        var n = (int)index;
        if (delivery.State == DeliveryState.Pending)
        {
            if (delivery.Attempts.Count == 0)
            {
                if (Interlocked.Exchange(ref _accepted[n], 1) != 0)
                {
                    Interlocked.Increment(ref _duplicateAccepts);
                    Problem($"transaction {delivery.TransactionId}: a second delivery was accepted (#{delivery.Id})");
                }

                Volatile.Write(ref _createdTicks[n], delivery.CreatedAt.UtcTicks);
                Interlocked.Increment(ref _acceptedCount);
            }
            else if (delivery.Attempts.Count == 1)
            {
                Interlocked.Increment(ref _retried);
                Problem($"transaction {delivery.TransactionId}: first attempt failed, retry due {delivery.NextAttemptAt:O}: {Describe(delivery.Attempts[0])}");
            }

            return;
        }

        if (Interlocked.CompareExchange(ref _state[n], delivery.State == DeliveryState.Succeeded ? Succeeded : Failed, 0) != 0)
        {
            Interlocked.Increment(ref _duplicateEnds);
            Problem($"transaction {delivery.TransactionId}: its delivery ended twice");
            return;
        }

        _createdTicks[n] = delivery.CreatedAt.UtcTicks;
        _attempts[n] = delivery.Attempts.Count;
        if (delivery.Attempts.Count > 0)
        {
            var first = delivery.Attempts[0];
            var last = delivery.Attempts[^1];
            _firstStartTicks[n] = first.StartedAt.UtcTicks;
            _firstDurationTicks[n] = first.Duration.Ticks;
            _lastEndTicks[n] = (last.StartedAt + last.Duration).UtcTicks;
        }

        Volatile.Write(ref _endedAt[n], seen);
        if (delivery.State == DeliveryState.Succeeded)
        {
            Interlocked.Increment(ref _succeeded);
        }
        else
        {
            Interlocked.Increment(ref _failed);
            Problem($"transaction {delivery.TransactionId}: delivery {delivery.Id} failed: {delivery.Outcome}");
        }

        Interlocked.Increment(ref _ended);
    }

    public void Problem(string problem) => Interlocked.CompareExchange(ref _firstProblem, problem, null);

    /// <summary>
    /// The outcome: counts over every transfer; latencies over those made after the warm-up; throughput over the
    /// deliveries that ended Succeeded between <paramref name="windowStart"/> and <paramref name="windowEnd"/> (stopwatch).
    /// </summary>
    public DeliveryResults Results(long windowStart, long windowEnd)
    {
        var acceptedToFirst = new LatencyHistogram();
        var firstAttempt = new LatencyHistogram();
        var acceptedToSucceeded = new LatencyHistogram();
        var lag = new LatencyHistogram();
        var made = Made;
        var seconds = (int)Math.Ceiling((double)(windowEnd - windowStart) / Stopwatch.Frequency);
        var perSecond = new int[Math.Max(1, seconds)];
        int inWindow = 0, firstTry = 0;
        for (var n = 0; n < made; n++)
        {
            var state = Volatile.Read(ref _state[n]);
            if (state == Succeeded)
            {
                firstTry += _attempts[n] == 1 ? 1 : 0;
                var at = Volatile.Read(ref _endedAt[n]);
                if (at >= windowStart && at < windowEnd)
                {
                    inWindow++;
                    perSecond[Math.Min(perSecond.Length - 1, (int)((at - windowStart) / Stopwatch.Frequency))]++;
                }
            }

            if (n < _warmupCount)
            {
                continue;
            }

            lag.RecordTicks(Volatile.Read(ref _madeAt[n]) - _scheduledAt[n]);
            if (state != 0 && _attempts[n] > 0)
            {
                acceptedToFirst.Record(Math.Max(0, (_firstStartTicks[n] - _createdTicks[n]) / TimeSpan.TicksPerMicrosecond));
                firstAttempt.Record(_firstDurationTicks[n] / TimeSpan.TicksPerMicrosecond);
                if (state == Succeeded)
                {
                    acceptedToSucceeded.Record(Math.Max(0, (_lastEndTicks[n] - _createdTicks[n]) / TimeSpan.TicksPerMicrosecond));
                }
            }
        }

        // Whole seconds only: a last partial second would read low.
        var whole = (int)((windowEnd - windowStart) / Stopwatch.Frequency);
        var full = perSecond.Take(Math.Max(1, whole)).ToArray();
        return new DeliveryResults(made, Accepted, Ended, SucceededCount, firstTry, Volatile.Read(ref _failed), Volatile.Read(ref _retried),
            Volatile.Read(ref _duplicateAccepts) + Volatile.Read(ref _duplicateEnds), Volatile.Read(ref _strangers), inWindow, full.Min(), full.Max(),
            acceptedToFirst, firstAttempt, acceptedToSucceeded, lag);
    }

    private static string Describe(AttemptRecord attempt) =>
        attempt.ErrorKind != AttemptErrorKind.None ? $"{attempt.ErrorKind}: {attempt.ErrorMessage}"
        : $"HTTP {attempt.ResponseStatus}: {attempt.ErrorMessage ?? attempt.ResponseBody}";
}

/// <summary>What <see cref="DeliveryMeasurements.Results"/> found.</summary>
internal sealed record DeliveryResults(
    int Made, int Accepted, int Ended, int Succeeded, int SucceededFirstAttempt, int Failed, int Retried, int Duplicates, int Strangers,
    int SucceededInWindow, int MinPerSecond, int MaxPerSecond,
    LatencyHistogram AcceptedToFirstAttempt, LatencyHistogram FirstAttempt, LatencyHistogram AcceptedToSucceeded, LatencyHistogram ScheduleLag);
