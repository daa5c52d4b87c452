using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.ApiLoad;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencyMs(double P50, double P90, double P99, double P999, double Max, long Samples)
{
    public static LatencyMs Of(LatencyHistogram h) => new(
        Ms(h.Percentile(50)), Ms(h.Percentile(90)), Ms(h.Percentile(99)), Ms(h.Percentile(99.9)), Ms(h.MaxMicroseconds), h.Count);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.###} ms, p99 {P99:0.###} ms, max {Max:0.###} ms");

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000, 3);
}

/// <summary>The goal the run was held to, and whether it was met.</summary>
internal sealed record ChainGoal(double P50Ms, double P99Ms, bool Met);

/// <summary>
/// One chain run: a line for people and a JSON line for scripts. Ok when nothing was lost: every notify answered
/// 200 SENT, started and played on its device with no failed ack, and every check_notify SUCCESS.
/// </summary>
internal sealed record ChainReport(
    string Scenario, string Label, int Devices, int Rate, double WarmupSeconds, double MeasuredSeconds,
    int Sent, int Accepted, int Refused, int Started, int Played, int Failed, int Lost, bool Drained, CheckNotifyResult CheckNotify,
    bool? SpeechTimeExcluded, double SpeechMsP50, int StartedBeforeAnswer,
    LatencyMs SentToStartedAck, LatencyMs AcceptedToStartedAck, LatencyMs SentToDeviceStart, LatencyMs NotifyHttp, LatencyMs ScheduleLag,
    ChainGoal Goal, string? FirstProblem)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool Ok => Drained && Lost == 0 && Refused == 0 && Failed == 0 && Played == Sent
        && CheckNotify.Success == CheckNotify.Checked;

    [JsonIgnore]
    public string Human => string.Create(CultureInfo.InvariantCulture,
        $"chain, {Label}: {Devices} devices, {Rate:N0} notifies/s, {MeasuredSeconds:0.#} s measured (+{WarmupSeconds:0.#} s warm-up): sent {Sent:N0}, 200 SENT {Accepted:N0}, " +
        $"started {Started:N0}, played {Played:N0}, lost {Lost:N0}, failed {Failed + Refused:N0}, check_notify SUCCESS {CheckNotify.Success:N0}/{CheckNotify.Checked:N0}; " +
        $"sent -> started ack {SentToStartedAck}; notify HTTP {NotifyHttp}; " +
        $"goal (p50 < {Goal.P50Ms:0.###} ms, p99 < {Goal.P99Ms:0.###} ms, nothing lost): {(Goal.Met ? "met" : "NOT met")}{SpeechWarning}");

    [JsonIgnore]
    private string SpeechWarning => SpeechTimeExcluded switch
    {
        true => "",
        false => string.Create(CultureInfo.InvariantCulture, $" (speech time is NOT excluded: announcements took {SpeechMsP50:0} ms; start sbsim up with speech time scale 0)"),
        null => " (nothing was played: if speech takes real time, start sbsim up with speech time scale 0)",
    };

    public static ChainReport From(ApiLoadOptions options, int devices, ChainResults r, CheckNotifyResult check, bool drained, string? problem)
    {
        var chain = LatencyMs.Of(r.SentToStartedAck);
        var speechMs = Math.Round(r.Speech.Percentile(50) / 1000, 1);
        bool? speechExcluded = r.Speech.Count == 0 ? null : speechMs < 100; // announcements take ~0 ms at scale 0, seconds at 1
        var lost = r.Sent - r.StartedAndAccepted - r.Refused; // accepted but never seen starting
        var report = new ChainReport("chain", options.Label, devices, options.Rate, options.Warmup.TotalSeconds, options.Duration.TotalSeconds,
            r.Sent, r.Accepted, r.Refused, r.Started, r.Played, r.Failed, Math.Max(0, lost), drained, check, speechExcluded, speechMs, r.AckBeforeAnswer,
            chain, LatencyMs.Of(r.AcceptedToStartedAck), LatencyMs.Of(r.SentToDeviceStart), LatencyMs.Of(r.NotifyHttp), LatencyMs.Of(r.ScheduleLag),
            new ChainGoal(options.GoalP50.TotalMilliseconds, options.GoalP99.TotalMilliseconds, false), problem);
        var met = report.Ok && speechExcluded == true && chain.Samples > 0
            && chain.P50 < options.GoalP50.TotalMilliseconds && chain.P99 < options.GoalP99.TotalMilliseconds;
        return report with { Goal = report.Goal with { Met = met } };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
