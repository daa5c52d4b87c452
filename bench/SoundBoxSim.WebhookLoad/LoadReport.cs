using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoundBoxSim.MqttLoad;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.WebhookLoad;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencyMs(double P50, double P90, double P99, double P999, double Max, long Samples)
{
    public static LatencyMs Of(LatencyHistogram h) => new(
        Ms(h.Percentile(50)), Ms(h.Percentile(90)), Ms(h.Percentile(99)), Ms(h.Percentile(99.9)), Ms(h.MaxMicroseconds), h.Count);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.###} / p90 {P90:0.###} / p99 {P99:0.###} / max {Max:0.###} ms");

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000, 3);
}

/// <summary>The engine settings of the run.</summary>
internal sealed record EngineSettings(int MaxConcurrency, int MaxConcurrencyPerDestination, int MaxLogEntries, bool FreshConnections);

/// <summary>What the receiver counted during the run (its counters after minus before).</summary>
internal sealed record ReceiverCounts(
    double DelayMs, long Requests, long Valid, long Distinct, long Duplicates, long BadSignature, long StaleTimestamp, long Malformed,
    long Connections, long PeakConnections, long PeakInFlight);

/// <summary>The goals the run was held to, and whether each was met.</summary>
internal sealed record LoadGoals(int ThroughputPerSecond, bool ThroughputMet, double AcceptedToFirstAttemptP99Ms, bool LatencyMet, bool NothingLost);

/// <summary>One run: a line for people and a JSON line for scripts.</summary>
internal sealed record LoadReport(
    string Scenario, int Rate, double WarmupSeconds, double MeasuredSeconds, EngineSettings Engine,
    int Transfers, int Accepted, int Succeeded, int SucceededFirstAttempt, int Failed, int Retried, int Duplicates, int Pending, bool Drained,
    ReceiverCounts Receiver, int SucceededInWindow, double SucceededPerSecond, int MinPerSecond, int MaxPerSecond, int PeakDeliveriesInFlight,
    LatencyMs AcceptedToFirstAttempt, LatencyMs FirstAttempt, LatencyMs AcceptedToSucceeded, LatencyMs ScheduleLag,
    ProcessResources LoadProcess, ProcessResources ReceiverProcess, GcFigures LoadGc, LoadGoals Goals, string? FirstProblem)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [JsonIgnore]
    public bool Ok => Goals.NothingLost;

    [JsonIgnore]
    public string Human => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario}: {Rate:N0} transfers/s, {MeasuredSeconds:0.#} s measured (+{WarmupSeconds:0.#} s warm-up), receiver delay {Receiver.DelayMs:0} ms, per destination {Engine.MaxConcurrencyPerDestination}{(Engine.FreshConnections ? ", a new connection per attempt" : "")}: " +
        $"{SucceededPerSecond:N0} succeeded/s (each second {MinPerSecond:N0}..{MaxPerSecond:N0}); " +
        $"transfers {Transfers:N0}, succeeded {Succeeded:N0} ({SucceededFirstAttempt:N0} on the first attempt), failed {Failed:N0}, retried {Retried:N0}, pending {Pending:N0}; " +
        $"receiver valid {Receiver.Valid:N0} (distinct {Receiver.Distinct:N0}), bad signature {Receiver.BadSignature:N0}, stale {Receiver.StaleTimestamp:N0}, malformed {Receiver.Malformed:N0}, " +
        $"connections {Receiver.Connections:N0} (peak open {Receiver.PeakConnections:N0}); " +
        $"accepted -> first attempt {AcceptedToFirstAttempt}; first attempt {FirstAttempt}; " +
        $"CPU load {LoadProcess.CpuPercent:0} % / receiver {ReceiverProcess.CpuPercent:0} % of a core, peak RSS {Mib(LoadProcess.PeakRss)} / {Mib(ReceiverProcess.PeakRss)} MiB, " +
        $"peak open files {LoadProcess.PeakOpenFiles} / {ReceiverProcess.PeakOpenFiles}; " +
        $"load process allocated {LoadGc.AllocatedBytesPerDelivery / 1024.0:0.#} KiB per delivery, GC pauses {LoadGc.PausePercent:0.#} % of the window ({LoadGc.Gen0} collections, {LoadGc.Gen1} gen1, {LoadGc.Gen2} gen2); " +
        $"goals (>= {Goals.ThroughputPerSecond:N0}/s: {Verdict(Goals.ThroughputMet)}; p99 < {Goals.AcceptedToFirstAttemptP99Ms:0.###} ms: {Verdict(Goals.LatencyMet)}; nothing lost: {Verdict(Goals.NothingLost)})");

    public static LoadReport From(WebhookLoadOptions options, DeliveryEngineOptions engine, bool freshConnections, DeliveryResults r, ReceiverSnapshot before, ReceiverSnapshot after,
        ProcessResources self, ProcessResources receiver, GcFigures gc, int peakInFlight, bool drained, string? problem)
    {
        var counts = new ReceiverCounts(after.DelayMs, after.Requests - before.Requests, after.Valid - before.Valid, after.Distinct - before.Distinct,
            after.Duplicates - before.Duplicates, after.BadSignature - before.BadSignature, after.StaleTimestamp - before.StaleTimestamp,
            after.Malformed - before.Malformed, after.Connections - before.Connections, after.PeakConnections, after.PeakInFlight);
        var lost = !drained || r.Made != options.Total || r.Accepted != r.Made || r.Succeeded != r.Made || r.SucceededFirstAttempt != r.Made
            || r.Failed != 0 || r.Retried != 0 || r.Duplicates != 0 || r.Strangers != 0
            || counts.Valid != r.Made || counts.Distinct != r.Made || counts.Duplicates != 0 || counts.BadSignature != 0 || counts.StaleTimestamp != 0 || counts.Malformed != 0;
        if (lost && problem is null)
        {
            problem = counts.BadSignature != 0 ? $"the receiver found {counts.BadSignature} bad signatures"
                : counts.Valid != r.Made ? $"the receiver counted {counts.Valid} valid deliveries for {r.Made} transfers"
                : !drained ? $"{r.Made - r.Ended} deliveries had not ended after the drain"
                : "the counts differ (see the report)";
        }

        var perSecond = Math.Round(r.SucceededInWindow / options.Duration.TotalSeconds, 1);
        var firstAttempt = LatencyMs.Of(r.AcceptedToFirstAttempt);
        var goals = new LoadGoals(options.GoalRate, !lost && perSecond >= 0.99 * options.GoalRate, options.GoalP99.TotalMilliseconds,
            !lost && firstAttempt.Samples > 0 && firstAttempt.P99 < options.GoalP99.TotalMilliseconds, !lost);
        return new LoadReport(options.Scenario, options.Rate, options.Warmup.TotalSeconds, options.Duration.TotalSeconds,
            new EngineSettings(engine.MaxConcurrency, engine.MaxConcurrencyPerDestination, engine.MaxLogEntries, freshConnections),
            r.Made, r.Accepted, r.Succeeded, r.SucceededFirstAttempt, r.Failed, r.Retried, r.Duplicates, r.Made - r.Ended, drained,
            counts, r.SucceededInWindow, perSecond, r.MinPerSecond, r.MaxPerSecond, peakInFlight,
            firstAttempt, LatencyMs.Of(r.FirstAttempt), LatencyMs.Of(r.AcceptedToSucceeded), LatencyMs.Of(r.ScheduleLag),
            self, receiver, gc, goals, problem);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
