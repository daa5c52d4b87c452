using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SoundBoxSim.MqttLoad;

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P90, double P99, double P999, double Max, long Samples)
{
    public static Percentiles Of(LatencyHistogram histogram) => new(
        Ms(histogram.Percentile(50)), Ms(histogram.Percentile(90)), Ms(histogram.Percentile(99)),
        Ms(histogram.Percentile(99.9)), Ms(histogram.MaxMicroseconds), histogram.Count);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.###} ms, p99 {P99:0.###} ms, max {Max:0.###} ms");

    private static double Ms(double microseconds) => Math.Round(microseconds / 1000, 3);
}

/// <summary>One run's outcome: a line for people and a JSON line for scripts.</summary>
internal sealed record Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Scenario { get; init; }
    public required string Broker { get; init; }
    public bool Ok { get; init; } = true;
    public string? Error { get; init; }
    public int? Qos { get; init; }
    public int? Size { get; init; }
    public int? Publishers { get; init; }
    public int? Subscribers { get; init; }
    public int? OfferedRate { get; init; }
    public double? WindowSeconds { get; init; }
    public long? Sent { get; init; }
    public long? Acked { get; init; }
    public long? ExpectedDeliveries { get; init; }
    public long? Delivered { get; init; }
    public long? Lost { get; init; }
    public double? DeliveriesPerSecond { get; init; }
    public Percentiles? Latency { get; init; }
    public Percentiles? AckLatency { get; init; }
    public long? UnexpectedAcks { get; init; }
    public int? DroppedConnections { get; init; }
    public double? GeneratorCpuPercent { get; init; }
    public double? BrokerCpuPercent { get; init; }
    public long? BrokerRssKb { get; init; }
    public int? Connections { get; init; }
    public int? Connected { get; init; }
    public int? Failed { get; init; }
    public double? ConnectSeconds { get; init; }
    public double? ConnectsPerSecond { get; init; }
    public int? StillOpen { get; init; }
    public double? HeldSeconds { get; init; }

    [JsonIgnore]
    public string Human { get; init; } = "";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Report Failure(LoadOptions options, string error) => new()
    {
        Scenario = options.Scenario,
        Broker = options.Broker.ToString(),
        Ok = false,
        Error = error,
        Human = $"{options.Scenario}: FAILED: {error}",
    };

    public static Report ForPubSub(
        LoadOptions options, Publisher[] publishers, Receiver[] receivers, MeasureWindow window, int dropped, double cpuPercent,
        (double CpuPercent, long RssKb)? broker)
    {
        var latency = new LatencyHistogram();
        var acks = new LatencyHistogram();
        Array.ForEach(receivers, r => latency.Add(r.Latency));
        Array.ForEach(publishers, p => acks.Add(p.AckLatency));
        var sent = publishers.Sum(p => p.Sent);
        var expected = sent * receivers.Length;
        var delivered = receivers.Sum(r => r.Received);
        var rate = Math.Round(receivers.Sum(r => r.InWindow) / window.Seconds, 1);
        var unexpected = publishers.Sum(p => p.UnexpectedAcks);
        var ok = dropped == 0 && unexpected == 0 && (options.Qos == 0 || delivered >= expected);
        var report = new Report
        {
            Scenario = options.Scenario,
            Broker = options.Broker.ToString(),
            Ok = ok,
            Error = ok ? null : $"dropped connections {dropped}, unexpected PUBACKs {unexpected}, QoS {options.Qos} deliveries {delivered} of {expected}",
            Qos = options.Qos,
            Size = options.Size,
            Publishers = publishers.Length,
            Subscribers = receivers.Length,
            OfferedRate = options.Rate,
            WindowSeconds = Math.Round(window.Seconds, 3),
            Sent = sent,
            Acked = options.Qos > 0 ? publishers.Sum(p => p.Acked) : null,
            ExpectedDeliveries = expected,
            Delivered = delivered,
            Lost = expected - delivered,
            DeliveriesPerSecond = rate,
            Latency = Percentiles.Of(latency),
            AckLatency = options.Qos > 0 ? Percentiles.Of(acks) : null,
            UnexpectedAcks = unexpected,
            DroppedConnections = dropped,
            GeneratorCpuPercent = Math.Round(cpuPercent, 1),
            BrokerCpuPercent = broker?.CpuPercent,
            BrokerRssKb = broker?.RssKb,
        };
        var offered = options.Rate > 0 ? $"{options.Rate:N0} msg/s offered" : "unpaced";
        var human = string.Create(CultureInfo.InvariantCulture,
            $"{options.Scenario} qos{options.Qos} {options.Size} B, {publishers.Length} pub -> {receivers.Length} sub, {offered}: " +
            $"{rate:N0} deliveries/s; latency {report.Latency}; sent {sent:N0}, delivered {delivered:N0} of {expected:N0}, lost {expected - delivered:N0}");
        if (report.AckLatency is not null)
        {
            human += $"; PUBACK {report.AckLatency}";
        }

        human += string.Create(CultureInfo.InvariantCulture, $"; generator CPU {cpuPercent:0}%");
        if (broker is { } b)
        {
            human += string.Create(CultureInfo.InvariantCulture, $", broker CPU {b.CpuPercent:0}%, broker RSS {b.RssKb / 1024.0:0.#} MB");
        }

        return report with { Human = ok ? human : $"{human} — {report.Error}" };
    }

    public static Report ForIdle(LoadOptions options, int connected, int failed, string? firstError, double connectSeconds, int stillOpen) => new()
    {
        Scenario = "idle",
        Broker = options.Broker.ToString(),
        Ok = failed == 0 && stillOpen == connected,
        Error = failed == 0 && stillOpen == connected ? null : $"{failed} failed to connect ({firstError}); {connected - stillOpen} closed while held",
        Connections = options.Connections,
        Connected = connected,
        Failed = failed,
        ConnectSeconds = Math.Round(connectSeconds, 3),
        ConnectsPerSecond = Math.Round(connected / connectSeconds, 1),
        StillOpen = stillOpen,
        HeldSeconds = options.Duration.TotalSeconds,
        Human = string.Create(CultureInfo.InvariantCulture,
            $"idle: {connected:N0} of {options.Connections:N0} connected in {connectSeconds:0.00} s ({connected / connectSeconds:N0}/s), {stillOpen:N0} still open after {options.Duration.TotalSeconds:0.#} s")
            + (failed > 0 ? $"; {failed} failed, first: {firstError}" : ""),
    };

    /// <summary>Printed once every idle connection is open; a script reads the broker's memory when it sees it.</summary>
    public static void Holding(LoadOptions options, int connected, double connectSeconds)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle: holding {connected:N0} connections for {options.Duration.TotalSeconds:0.#} s"));
        Console.WriteLine(JsonSerializer.Serialize(new { @event = "holding", connected, connectSeconds = Math.Round(connectSeconds, 3) }, Json));
        Console.Out.Flush();
    }

    /// <summary>A JSON line marking a moment of an idle run, e.g. "releasing" just before the connections close.</summary>
    public static void Event(string name, int open)
    {
        Console.WriteLine(JsonSerializer.Serialize(new { @event = name, open }, Json));
        Console.Out.Flush();
    }
}
