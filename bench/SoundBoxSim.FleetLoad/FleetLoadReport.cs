using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.FleetLoad;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencyMs(double P50, double P90, double P99, double P999, double Max, long Samples)
{
    public static LatencyMs Of(LatencyHistogram h) => new(
        Ms(h.Percentile(50)), Ms(h.Percentile(90)), Ms(h.Percentile(99)), Ms(h.Percentile(99.9)), Ms(h.MaxMicroseconds), h.Count);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.###} ms, p99 {P99:0.###} ms, max {Max:0.###} ms");

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000, 3);
}

/// <summary>One run's outcome: a line for people and a JSON line for scripts. Ok only when nothing was lost or failed.</summary>
internal sealed record FleetLoadReport(
    string Broker, int Devices, int Rate, double MeasuredSeconds, int Sent, int StartedOnDevice, int StartedAcks, int Failed,
    bool Drained, int PublishFailures, int Lost, int AcksMissing, LatencyMs PublishedToStarted, LatencyMs PublishedToStartedAck)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public bool Ok => Drained && Lost == 0 && AcksMissing == 0 && Failed == 0 && PublishFailures == 0;

    [JsonIgnore]
    public string Human => string.Create(CultureInfo.InvariantCulture,
        $"fleet latency, {Broker}: {Devices:N0} devices, {Rate:N0} commands/s, {MeasuredSeconds:0} s measured: sent {Sent:N0}, started {StartedOnDevice:N0}, " +
        $"lost {Lost:N0}, failed {Failed:N0}; published -> started on the device {PublishedToStarted}; published -> started ack back {PublishedToStartedAck}");

    public static FleetLoadReport From(FleetLoadOptions options, Measurements measured, int publishFailures, bool drained)
    {
        var started = measured.StartedCount;
        return new FleetLoadReport(options.BrokerName, options.Devices, options.Rate, options.Duration.TotalSeconds,
            measured.Sent, started, measured.AckedCount, measured.FailedCount, drained, publishFailures, measured.Sent - started, measured.Sent - measured.AckedCount,
            LatencyMs.Of(measured.OnDevice()), LatencyMs.Of(measured.AckBack()));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
