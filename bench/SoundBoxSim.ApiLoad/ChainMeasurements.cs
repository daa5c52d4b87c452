using System.Diagnostics;
using System.Globalization;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.ApiLoad;

/// <summary>
/// Per numbered notify (requestId "{run}-{n}"): when it was handed to HttpClient (stopwatch and wall clock), when its
/// answer was read and whether it was 200 SENT, when its "started" ack reached the observer and the startedAt the device
/// wrote, whether it was played or failed. Each slot is written once; the latencies are computed at the end, for the
/// notifies after the warm-up.
/// </summary>
internal sealed class ChainMeasurements
{
    private const byte Sent = 1;
    private const byte Refused = 2;
    private readonly int _total;
    private readonly int _warmupCount;
    private readonly string _run;
    private readonly long[] _sentAt;
    private readonly long[] _scheduledAt;
    private readonly long[] _sentWallTicks;
    private readonly long[] _answeredAt;
    private readonly byte[] _answer;
    private readonly long[] _startedAckAt;
    private readonly long[] _deviceStartedTicks;
    private readonly long[] _speechTicks;
    private readonly int[] _started;
    private readonly int[] _played;
    private readonly int[] _failed;
    private int _sentCount;
    private int _answeredCount;
    private int _refusedCount;
    private int _startedCount;
    private int _playedCount;
    private int _failedCount;
    private int _strangers;
    private string? _firstProblem;

    public ChainMeasurements(int total, int warmupCount, string run)
    {
        _total = total;
        _warmupCount = warmupCount;
        _run = run;
        _sentAt = new long[total];
        _scheduledAt = new long[total];
        _sentWallTicks = new long[total];
        _answeredAt = new long[total];
        _answer = new byte[total];
        _startedAckAt = new long[total];
        _deviceStartedTicks = new long[total];
        _speechTicks = new long[total];
        _started = new int[total];
        _played = new int[total];
        _failed = new int[total];
    }

    public int Total => _total;

    public int SentCount => Volatile.Read(ref _sentCount);

    public string? FirstProblem => Volatile.Read(ref _firstProblem);

    public string RequestId(int n) => string.Create(CultureInfo.InvariantCulture, $"{_run}-{n}");

    /// <summary>Notify n is about to be handed to HttpClient; it was due at <paramref name="scheduledAt"/>.</summary>
    public void Sending(int n, long scheduledAt)
    {
        _scheduledAt[n] = scheduledAt;
        _sentWallTicks[n] = TimeProvider.System.GetUtcNow().UtcTicks;
        Volatile.Write(ref _sentAt[n], Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _sentCount);
    }

    /// <summary>Its answer was read: <paramref name="ok"/> when it was 200 with status SENT.</summary>
    public void Answered(int n, bool ok, string? problem)
    {
        Volatile.Write(ref _answeredAt[n], Stopwatch.GetTimestamp());
        Volatile.Write(ref _answer[n], ok ? Sent : Refused);
        if (!ok)
        {
            Interlocked.Increment(ref _refusedCount);
            Problem($"notify {RequestId(n)}: {problem}");
        }

        Interlocked.Increment(ref _answeredCount);
    }

    /// <summary>An ack from any device, as the observer received it.</summary>
    public void Ack(DeviceAck ack, long receivedAt)
    {
        if (ack.RequestId is not { } requestId || Number(requestId) is not { } n)
        {
            Interlocked.Increment(ref _strangers);
            return;
        }

        switch (ack.Status)
        {
            case DeviceAckStatus.Started when Interlocked.Exchange(ref _started[n], 1) == 0:
                _deviceStartedTicks[n] = (ack.StartedAt ?? ack.At).UtcTicks;
                Volatile.Write(ref _startedAckAt[n], receivedAt);
                Interlocked.Increment(ref _startedCount);
                break;
            case DeviceAckStatus.Played when Interlocked.Exchange(ref _played[n], 1) == 0:
                _speechTicks[n] = ack.EndedAt is { } end && ack.StartedAt is { } start ? (end - start).Ticks : 0;
                Interlocked.Increment(ref _playedCount);
                break;
            case DeviceAckStatus.Failed when Interlocked.Exchange(ref _failed[n], 1) == 0:
                Interlocked.Increment(ref _failedCount);
                Problem($"{ack.Serial} failed {requestId}: {ack.Reason}");
                break;
        }
    }

    /// <summary>Every notify sent is answered and either played or failed.</summary>
    public bool Settled() =>
        Volatile.Read(ref _answeredCount) == SentCount
        && Volatile.Read(ref _playedCount) + Volatile.Read(ref _failedCount) >= SentCount
        && Volatile.Read(ref _startedCount) + Volatile.Read(ref _failedCount) >= SentCount;

    public void Problem(string problem) => Interlocked.CompareExchange(ref _firstProblem, problem, null);

    /// <summary>The outcome: counts over every notify, latencies over those sent after the warm-up.</summary>
    public ChainResults Results()
    {
        var http = new LatencyHistogram();
        var chain = new LatencyHistogram();
        var accepted = new LatencyHistogram();
        var onDevice = new LatencyHistogram();
        var lag = new LatencyHistogram();
        var speech = new LatencyHistogram();
        var ackBeforeAnswer = 0;
        var sent = SentCount;
        var accepted200 = 0;
        var startedAndAccepted = 0;
        for (var n = 0; n < sent; n++)
        {
            var ok = Volatile.Read(ref _answer[n]) == Sent;
            var started = Volatile.Read(ref _started[n]) == 1;
            accepted200 += ok ? 1 : 0;
            startedAndAccepted += ok && started ? 1 : 0;
            if (Volatile.Read(ref _played[n]) == 1)
            {
                speech.Record(Math.Max(0, _speechTicks[n] / TimeSpan.TicksPerMicrosecond));
            }

            if (n < _warmupCount)
            {
                continue;
            }

            var sentAt = Volatile.Read(ref _sentAt[n]);
            lag.RecordTicks(sentAt - _scheduledAt[n]);
            if (ok)
            {
                http.RecordTicks(Volatile.Read(ref _answeredAt[n]) - sentAt);
            }

            if (started)
            {
                var ackAt = Volatile.Read(ref _startedAckAt[n]);
                chain.RecordTicks(ackAt - sentAt);
                onDevice.Record(Math.Max(0, (_deviceStartedTicks[n] - _sentWallTicks[n]) / TimeSpan.TicksPerMicrosecond)); // < 0 by the ms rounding counts as 0
                if (ok)
                {
                    var answeredAt = Volatile.Read(ref _answeredAt[n]);
                    ackBeforeAnswer += ackAt < answeredAt ? 1 : 0;
                    accepted.RecordTicks(ackAt - answeredAt);
                }
            }
        }

        return new ChainResults(sent, Volatile.Read(ref _answeredCount), accepted200, Volatile.Read(ref _refusedCount), Volatile.Read(ref _startedCount),
            startedAndAccepted, Volatile.Read(ref _playedCount), Volatile.Read(ref _failedCount), Volatile.Read(ref _strangers), ackBeforeAnswer,
            http, chain, accepted, onDevice, lag, speech);
    }

    private int? Number(string requestId) =>
        requestId.Length > _run.Length + 1 && requestId.StartsWith(_run, StringComparison.Ordinal) && requestId[_run.Length] == '-'
        && int.TryParse(requestId.AsSpan(_run.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < _total
            ? n
            : null;
}

/// <summary>What <see cref="ChainMeasurements.Results"/> found.</summary>
internal sealed record ChainResults(
    int Sent, int Answered, int Accepted, int Refused, int Started, int StartedAndAccepted, int Played, int Failed, int OtherAcks, int AckBeforeAnswer,
    LatencyHistogram NotifyHttp, LatencyHistogram SentToStartedAck, LatencyHistogram AcceptedToStartedAck, LatencyHistogram SentToDeviceStart,
    LatencyHistogram ScheduleLag, LatencyHistogram Speech);
