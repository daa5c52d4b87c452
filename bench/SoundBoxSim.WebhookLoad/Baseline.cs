using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoundBoxSim.MqttLoad;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.WebhookLoad;

/// <summary>How a baseline run sends.</summary>
internal enum BaselineMode
{
    /// <summary>The fake's <see cref="WebhookSender"/> alone (a fresh connection per attempt), no ledger, no engine.</summary>
    Sender,

    /// <summary>A plain <see cref="HttpClient"/> on a new <see cref="SocketsHttpHandler"/> per request: a fresh connection each.</summary>
    Fresh,

    /// <summary>One shared <see cref="SocketsHttpHandler"/>: keep-alive connections reused.</summary>
    Pooled,
}

/// <summary>
/// What this core can send to the receiver without the engine: <c>--concurrency</c> loops, each POSTing a signed
/// webhook body (the fake's encoder and HMAC signer) and waiting for the answer, as fast as they can, for the warm-up and
/// the measured time. Tells the engine's own cost from the cost of the HTTP exchange it makes.
/// </summary>
internal static class Baseline
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<BaselineReport> RunAsync(WebhookLoadOptions options, BaselineMode mode, int concurrency, CancellationToken cancellationToken)
    {
        using var stats = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var statsUrl = new Uri(options.Receiver, "/stats");
        var before = await ReceiverSnapshot.ReadAsync(stats, statsUrl, cancellationToken);
        var settings = new WebhookDeliverySettings { Url = options.Receiver, AuthType = WebhookAuthType.HmacSha256, SecretKey = options.Secret };
        await using var sender = new WebhookSender(new WebhookSenderOptions { TimeProvider = TimeProvider.System });
        using var pooled = new HttpMessageInvoker(Handler(), disposeHandler: true);

        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(options.Warmup.TotalSeconds * Stopwatch.Frequency);
        var end = windowStart + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        long next = 0, ok = 0, failed = 0, inWindow = 0;
        string? problem = null;
        var latencies = new LatencyHistogram[concurrency];
        (long At, TimeSpan Cpu, GcSnapshot Gc) atStart = (start, ProcessStats.Cpu, GcSnapshot.Take()); // replaced at the window's start
        var edge = Task.Run(async () =>
        {
            await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), windowStart), TimeProvider.System, cancellationToken);
            atStart = (Stopwatch.GetTimestamp(), ProcessStats.Cpu, GcSnapshot.Take());
        }, cancellationToken);

        async Task LoopAsync(int worker)
        {
            var histogram = latencies[worker] = new LatencyHistogram();
            while (Stopwatch.GetTimestamp() < end)
            {
                var n = Interlocked.Increment(ref next);
                var body = PayloadEncoder.Encode(Payload(n), WebhookContentType.Json);
                var sent = Stopwatch.GetTimestamp();
                var (good, why) = mode == BaselineMode.Sender
                    ? Judge(await sender.SendAsync(settings, body, cancellationToken))
                    : await PostAsync(mode == BaselineMode.Pooled ? pooled : null, settings, body, cancellationToken);
                var done = Stopwatch.GetTimestamp();
                if (!good)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref problem, why, null);
                    continue;
                }

                Interlocked.Increment(ref ok);
                if (sent >= windowStart && done < end)
                {
                    Interlocked.Increment(ref inWindow);
                    histogram.RecordTicks(done - sent);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => LoopAsync(i), cancellationToken)));
        var atEnd = (At: Stopwatch.GetTimestamp(), Cpu: ProcessStats.Cpu, Gc: GcSnapshot.Take());
        await edge;
        var after = await ReceiverSnapshot.ReadAsync(stats, statsUrl, cancellationToken);
        var all = new LatencyHistogram();
        foreach (var h in latencies)
        {
            all.Add(h);
        }

        var seconds = (double)(atEnd.At - atStart.At) / Stopwatch.Frequency;
        return new BaselineReport("baseline-" + mode.ToString().ToLowerInvariant(), concurrency, options.Warmup.TotalSeconds, options.Duration.TotalSeconds,
            ok, failed, Math.Round(inWindow / options.Duration.TotalSeconds, 1), LatencyMs.Of(all),
            Math.Round((atEnd.Cpu - atStart.Cpu).TotalSeconds * 100 / seconds, 1),
            GcFigures.Between(atStart.Gc, atEnd.Gc, atEnd.At - atStart.At, (int)Math.Round(inWindow * seconds / options.Duration.TotalSeconds)),
            after.Valid - before.Valid, after.BadSignature - before.BadSignature, after.Connections - before.Connections, problem);
    }

    public static string ToJson(BaselineReport report) => JsonSerializer.Serialize(report, Json);

    private static WebhookPayload Payload(long n) => new(
        n, "Vietcombank", "2026-01-01 12:00:00", "0071000888888", "DH" + n.ToString("D6", CultureInfo.InvariantCulture),
        $"DH{n:D6} thanh toan don hang", WebhookPayload.TransferIn, 10_000 + (n % 1_000 * 1_000), 15_000_000, null, "SB0123456789AB",
        $"BankAPINotify DH{n:D6} thanh toan don hang");

    private static (bool, string?) Judge(AttemptRecord attempt) =>
        attempt.Verdict == AttemptVerdict.Succeeded ? (true, null) : (false, $"{attempt.ErrorKind} {attempt.ResponseStatus} {attempt.ErrorMessage}");

    private static SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        MaxConnectionsPerServer = int.MaxValue,
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>One POST with the headers the sender would set; a fresh handler (so connection) when <paramref name="shared"/> is null.</summary>
    private static async Task<(bool, string?)> PostAsync(HttpMessageInvoker? shared, WebhookDeliverySettings settings, EncodedBody body, CancellationToken cancellationToken)
    {
        using var fresh = shared is null ? new HttpMessageInvoker(Handler(), disposeHandler: true) : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ReadOnlyMemoryContent(body.Bytes) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        foreach (var (name, value) in AuthHeaders.Build(settings, body.Bytes.Span, TimeProvider.System))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await (shared ?? fresh!).SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var verdict = SuccessRule.Strict.Evaluate(WebhookAuthType.HmacSha256, (int)response.StatusCode, text);
            return (verdict.Succeeded, verdict.Reason);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return (false, e.Message);
        }
    }
}

/// <summary>A baseline run: requests answered {"success":true} per second over the window, with the latency and this process's CPU.</summary>
internal sealed record BaselineReport(
    string Scenario, int Concurrency, double WarmupSeconds, double MeasuredSeconds, long Succeeded, long Failed, double SucceededPerSecond,
    LatencyMs Latency, double CpuPercent, GcFigures Gc, long ReceiverValid, long ReceiverBadSignature, long ReceiverConnections, string? FirstProblem)
{
    [JsonIgnore]
    public string Human => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario} (not a goal): {Concurrency} loops, {MeasuredSeconds:0.#} s measured (+{WarmupSeconds:0.#} s warm-up): {SucceededPerSecond:N0} succeeded/s at {CpuPercent:0} % of the load core, {Gc.AllocatedBytesPerDelivery / 1024.0:0.#} KiB allocated per request, GC pauses {Gc.PausePercent:0.#} %; " +
        $"succeeded {Succeeded:N0}, failed {Failed:N0}; receiver valid {ReceiverValid:N0}, bad signature {ReceiverBadSignature:N0}, connections {ReceiverConnections:N0}; latency {Latency}");
}
