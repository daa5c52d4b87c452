using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SoundBoxSim.SePay;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.WebhookLoad;

/// <summary>
/// One run: the backend and its engine built as `sbsim up` builds them, one HMAC webhook to the receiver, transfers at a
/// fixed rate (open loop: transfer n is made when n / rate seconds have passed, whatever the deliveries do), a drain
/// until every delivery has ended, then the receiver's counts.
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadReport> RunAsync(WebhookLoadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        using var stats = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        var statsUrl = new Uri(options.Receiver, "/stats");
        var before = await ReceiverSnapshot.ReadAsync(stats, statsUrl, cancellationToken); // also: the receiver is there

        // As Simulator.StartAsync: the system clock, no store file (no --data), the engine with the default options but the
        // concurrency and log bound given, and no log lines (sbsim up --quiet).
        using var backend = new SePayBackend(new SePayOptions { TimeProvider = TimeProvider.System });
        var engineOptions = backend.Options.Delivery with
        {
            MaxConcurrency = options.MaxConcurrency,
            MaxConcurrencyPerDestination = options.MaxPerDestination,
            MaxLogEntries = options.MaxLogEntries,
            Log = null,
        };
        var firstId = backend.Options.Ledger.FirstTransactionId;
        var measured = new DeliveryMeasurements(options.Total, options.WarmupCount, firstId);
        // sbsim up lets the engine make its own sender (connections reused); --fresh-connections gives it one that connects anew each time.
        var sender = options.FreshConnections ? new WebhookSender(new WebhookSenderOptions { TimeProvider = TimeProvider.System, ReuseConnections = false }) : null;
        await using var engine = new DeliveryEngine(backend, engineOptions, sender);
        engine.Changed += measured.Changed;
        engine.Start();
        var webhook = backend.Webhooks.Create(new Webhook
        {
            Name = "sbsim-webhookload",
            WebhookUrl = options.Receiver.AbsoluteUri,
            AuthType = WebhookAuthType.HmacSha256,
            SecretKey = options.Secret,
            EventType = WebhookEventType.All,
            ContentType = WebhookContentType.Json,
        });

        var inFlight = new PeakCounter();
        await using var sampler = new ResourceSampler(TimeSpan.FromMilliseconds(100), () => inFlight.Observe(measured.Made - measured.Ended));
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sbsim-webhookload: webhook {webhook.Id} -> {webhook.WebhookUrl} (HMAC_SHA256); {options.Rate:N0} transfers/s for {options.Warmup.TotalSeconds:0.#} s of warm-up, " +
            $"then {options.Duration.TotalSeconds:0.#} s measured; {(options.FreshConnections ? "a new connection per attempt" : "connections reused")}; engine MaxConcurrency {engineOptions.MaxConcurrency}, per destination {engineOptions.MaxConcurrencyPerDestination}, MaxLogEntries {engineOptions.MaxLogEntries}"));

        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        var window = WatchWindowAsync(stats, statsUrl, windowStart, windowEnd, cancellationToken);
        await TransferAsync(backend.Ledger, options.Rate, firstId, measured, start, cancellationToken);
        var (atStart, atEnd) = await window;

        var drained = await WaitDrainedAsync(measured, options.Drain, cancellationToken);
        progress.WriteLine(drained ? "sbsim-webhookload: every delivery ended" : $"sbsim-webhookload: {measured.Made - measured.Ended} deliveries had not ended within {options.Drain.TotalSeconds:0} s");
        var after = await ReceiverSnapshot.ReadAsync(stats, statsUrl, cancellationToken);
        sampler.Sample();
        var self = new ProcessResources(
            Percent(atEnd.Cpu - atStart.Cpu, atEnd.At - atStart.At), atStart.Rss, atEnd.Rss, ProcessStats.Memory().PeakRss, sampler.PeakOpenFiles);
        var receiver = new ProcessResources(
            Percent(TimeSpan.FromMilliseconds(atEnd.Receiver.CpuMs - atStart.Receiver.CpuMs), atEnd.At - atStart.At),
            atStart.Receiver.RssBytes, atEnd.Receiver.RssBytes, after.PeakRssBytes, after.PeakOpenFiles);
        var results = measured.Results(windowStart, windowEnd);
        var gc = GcFigures.Between(atStart.Gc, atEnd.Gc, atEnd.At - atStart.At, results.SucceededInWindow);
        return LoadReport.From(options, engineOptions, options.FreshConnections, results, before, after, self, receiver, gc, inFlight.Peak,
            drained, measured.FirstProblem);
    }

    /// <summary>Makes transfer n at start + n / rate; returns once all are made.</summary>
    private static async Task TransferAsync(BankLedger ledger, int rate, long firstId, DeliveryMeasurements measured, long start, CancellationToken cancellationToken)
    {
        for (var n = 0; n < measured.Total;)
        {
            var due = (int)Math.Min(measured.Total, ((Stopwatch.GetTimestamp() - start) * rate / Stopwatch.Frequency) + 1);
            for (; n < due; n++)
            {
                var content = string.Create(CultureInfo.InvariantCulture, $"DH{n + 1:D6} thanh toan don hang");
                var transaction = ledger.Transfer(new TransferRequest(10_000 + ((n % 1_000) * 1_000), content, TransferType: TransferType.In));
                measured.Record(n, start + (n * Stopwatch.Frequency / rate), Stopwatch.GetTimestamp());
                if (transaction.Id != firstId + n)
                {
                    throw new InvalidOperationException($"transfer {n} became transaction {transaction.Id}, not {firstId + n}: the ledger was not empty");
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>This process's CPU and memory and the receiver's counts at the two edges of the measured window.</summary>
    private static async Task<(Edge Start, Edge End)> WatchWindowAsync(HttpClient stats, Uri url, long windowStart, long windowEnd, CancellationToken cancellationToken)
    {
        await WaitUntilAsync(windowStart, cancellationToken);
        var first = await Edge.TakeAsync(stats, url, cancellationToken);
        await WaitUntilAsync(windowEnd, cancellationToken);
        return (first, await Edge.TakeAsync(stats, url, cancellationToken));
    }

    private static async Task WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, cancellationToken);
        }
    }

    private static async Task<bool> WaitDrainedAsync(DeliveryMeasurements measured, TimeSpan drain, CancellationToken cancellationToken)
    {
        var since = Stopwatch.GetTimestamp();
        while (measured.Ended < measured.Made)
        {
            if (Stopwatch.GetElapsedTime(since) > drain)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }

        return true;
    }

    private static double Percent(TimeSpan cpu, long ticks) => Math.Round(cpu.TotalSeconds * 100 / ((double)ticks / Stopwatch.Frequency), 1);

    private sealed record Edge(long At, TimeSpan Cpu, long Rss, GcSnapshot Gc, ReceiverSnapshot Receiver)
    {
        public static async Task<Edge> TakeAsync(HttpClient stats, Uri url, CancellationToken cancellationToken)
        {
            var at = Stopwatch.GetTimestamp();
            var cpu = ProcessStats.Cpu;
            var rss = ProcessStats.Memory().Rss;
            return new Edge(at, cpu, rss, GcSnapshot.Take(), await ReceiverSnapshot.ReadAsync(stats, url, cancellationToken));
        }
    }

    private sealed class PeakCounter
    {
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        public void Observe(int value)
        {
            if (value > Peak)
            {
                Volatile.Write(ref _peak, value);
            }
        }
    }
}

/// <summary>The receiver's GET /stats.</summary>
internal sealed record ReceiverSnapshot(
    double DelayMs, long Requests, long Valid, long Distinct, long Duplicates, long BadSignature, long StaleTimestamp, long Malformed,
    long Connections, long PeakConnections, long PeakInFlight, double CpuMs, long RssBytes, long PeakRssBytes, int PeakOpenFiles)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ReceiverSnapshot> ReadAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonSerializer.Deserialize<ReceiverSnapshot>(body, Json) ?? throw new InvalidOperationException($"{url} answered null")
            : throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: is it sbsim-webhookreceiver?");
    }
}

/// <summary>This process's garbage collector counters at one moment.</summary>
internal sealed record GcSnapshot(long Allocated, TimeSpan Pause, int Gen0, int Gen1, int Gen2)
{
    public static GcSnapshot Take() =>
        new(GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}

/// <summary>The load process's garbage collector over the measured window: bytes allocated per delivery that succeeded in it,
/// the share of the window its pauses took, and the collections (a gen1 collection counts in gen0 too, gen2 in both).</summary>
internal sealed record GcFigures(long AllocatedBytesPerDelivery, double PausePercent, int Gen0, int Gen1, int Gen2)
{
    public static GcFigures Between(GcSnapshot a, GcSnapshot b, long ticks, int deliveries) => new(
        deliveries == 0 ? 0 : (b.Allocated - a.Allocated) / deliveries,
        Math.Round((b.Pause - a.Pause).TotalSeconds * 100 / ((double)ticks / Stopwatch.Frequency), 1),
        b.Gen0 - a.Gen0, b.Gen1 - a.Gen1, b.Gen2 - a.Gen2);
}

/// <summary>A process's CPU over the measured window (% of one core), RSS at the window's edges, peak RSS and open files.</summary>
internal sealed record ProcessResources(double CpuPercent, long RssAtWindowStart, long RssAtWindowEnd, long PeakRss, int PeakOpenFiles);
