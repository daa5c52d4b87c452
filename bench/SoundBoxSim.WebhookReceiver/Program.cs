using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoundBoxSim.MqttLoad;
using SoundBoxSim.WebhookLoad;

// sbsim-webhookreceiver: the fast loopback receiver of bench/webhooks/run.sh. Every POST is a webhook: its
// X-SePay-Signature is checked here, with this file's own code (nothing of the fake is referenced), against the secret
// given on the command line; a good one is answered 200 {"success":true} after --delay, a bad one 401. GET /stats
// says what it saw, with its own CPU time, memory and open files.
const string Usage = """
    sbsim-webhookreceiver: the receiver of bench/webhooks/run.sh.
      --port N      port on 127.0.0.1 (default 5090; 0 = any free port, printed)
      --secret S    the webhook's HMAC_SHA256 secret (required; the load tool creates the webhook with the same one)
      --delay T     wait this long before each answer (default 0; e.g. 100ms)
      --max-age T   refuse a signature whose X-SePay-Timestamp is further than this from now (default 300s, SePay's advice)
    POST anything: a webhook. GET /stats: the counts as JSON. Runs until Ctrl+C or SIGTERM.
    """;

int port;
string secret;
TimeSpan delay, maxAge;
try
{
    var values = new CommandLineValues(args is ["--help"] or ["-h"] ? throw new ArgumentException(Usage) : args);
    port = values.Int("port", 5090, 0, 65_535);
    secret = values.Take("secret") ?? throw new ArgumentException("--secret is required.");
    delay = values.Time("delay", TimeSpan.Zero, TimeSpan.FromMinutes(1));
    maxAge = values.Time("max-age", TimeSpan.FromSeconds(300), TimeSpan.FromHours(1));
    values.EnsureAllTaken();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message == Usage ? Usage : $"sbsim-webhookreceiver: {ex.Message}\n{Usage}");
    return ex.Message == Usage ? 0 : 2;
}

var stats = new ReceiverStats(Encoding.UTF8.GetBytes(secret), maxAge, delay);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
// A deep accept queue: thousands of new connections a second arrive, one per delivery, as SePay makes them.
builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Use(next => async connection =>
{
    stats.ConnectionOpened();
    try
    {
        await next(connection);
    }
    finally
    {
        stats.ConnectionClosed();
    }
})));
var app = builder.Build();

var success = """{"success":true}"""u8.ToArray();
var refused = """{"success":false,"error":"bad signature"}"""u8.ToArray();
app.Run(async context =>
{
    var request = context.Request;
    if (HttpMethods.IsGet(request.Method) && request.Path == "/stats")
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(stats.ToJson(), context.RequestAborted);
        return;
    }

    if (!HttpMethods.IsPost(request.Method))
    {
        context.Response.StatusCode = 405;
        return;
    }

    stats.RequestStarted();
    try
    {
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var good = body is not null && stats.Check(request.Headers["X-SePay-Timestamp"].ToString(), request.Headers["X-SePay-Signature"].ToString(),
            request.ContentType, body);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, TimeProvider.System, context.RequestAborted);
        }

        context.Response.StatusCode = good ? 200 : 401;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = good ? success.Length : refused.Length;
        await context.Response.Body.WriteAsync(good ? success : refused, context.RequestAborted);
    }
    finally
    {
        stats.RequestEnded();
    }
});

await app.StartAsync();
Console.WriteLine($"sbsim-webhookreceiver: listening on {app.Urls.First()}, delay {delay.TotalMilliseconds:0} ms");
await using (var sampler = new ResourceSampler(TimeSpan.FromMilliseconds(100)))
{
    stats.Sampler = sampler;
    await app.WaitForShutdownAsync();
}

return 0;

// The whole body (webhooks are small; more than 64 KiB is refused as malformed).
static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
{
    var reader = request.BodyReader;
    while (true)
    {
        var result = await reader.ReadAsync(cancellationToken);
        if (result.Buffer.Length > 64 * 1024)
        {
            reader.AdvanceTo(result.Buffer.End);
            return null;
        }

        if (result.IsCompleted)
        {
            var bytes = result.Buffer.ToArray();
            reader.AdvanceTo(result.Buffer.End);
            return bytes;
        }

        reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
    }
}

/// <summary>What the receiver saw: good and bad deliveries, repeated transaction ids, connections, its own resources.</summary>
internal sealed class ReceiverStats(byte[] key, TimeSpan maxAge, TimeSpan delay)
{
    private const string Prefix = "sha256=";
    private readonly ConcurrentDictionary<long, int> _seen = new();
    private readonly ThreadLocal<IncrementalHash> _hmac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));
    private long _valid, _badSignature, _staleTimestamp, _malformed, _duplicates, _requests;
    private long _connections, _openConnections, _peakConnections, _inFlight, _peakInFlight;

    public ResourceSampler? Sampler { get; set; }

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        Max(ref _peakConnections, Interlocked.Increment(ref _openConnections));
    }

    public void ConnectionClosed() => Interlocked.Decrement(ref _openConnections);

    public void RequestStarted()
    {
        Interlocked.Increment(ref _requests);
        Max(ref _peakInFlight, Interlocked.Increment(ref _inFlight));
    }

    public void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    /// <summary>
    /// Whether a delivery is good: <c>X-SePay-Signature</c> is <c>sha256=</c> and the lower-case hex of HMAC-SHA256,
    /// keyed with the secret's UTF-8 bytes, over the <c>X-SePay-Timestamp</c> text, a dot and the body bytes as
    /// received; the timestamp is Unix seconds within the allowed age; the body is JSON with a numeric <c>id</c>.
    /// </summary>
    public bool Check(string timestamp, string signature, string? contentType, byte[] body)
    {
        if (signature.Length != Prefix.Length + 64 || !signature.StartsWith(Prefix, StringComparison.Ordinal) || timestamp.Length is 0 or > 20)
        {
            Interlocked.Increment(ref _badSignature);
            return false;
        }

        var hmac = _hmac.Value!;
        Span<byte> ascii = stackalloc byte[timestamp.Length];
        if (Encoding.ASCII.GetBytes(timestamp, ascii) != timestamp.Length)
        {
            Interlocked.Increment(ref _badSignature);
            return false;
        }

        hmac.AppendData(ascii);
        hmac.AppendData("."u8);
        hmac.AppendData(body);
        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        Span<char> expected = stackalloc char[64];
        for (var i = 0; i < 32; i++)
        {
            expected[2 * i] = "0123456789abcdef"[mac[i] >> 4];
            expected[(2 * i) + 1] = "0123456789abcdef"[mac[i] & 0xF];
        }

        if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature.AsSpan(Prefix.Length))))
        {
            Interlocked.Increment(ref _badSignature);
            return false;
        }

        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || Math.Abs(now - seconds) > maxAge.TotalSeconds)
        {
            Interlocked.Increment(ref _staleTimestamp);
            return false;
        }

        if (!(contentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || TransactionId(body) is not { } id)
        {
            Interlocked.Increment(ref _malformed);
            return false;
        }

        if (_seen.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _duplicates);
        }

        Interlocked.Increment(ref _valid);
        return true;
    }

    public byte[] ToJson()
    {
        var (rss, peak) = ProcessStats.Memory();
        Sampler?.Sample();
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            delayMs = delay.TotalMilliseconds,
            requests = Interlocked.Read(ref _requests),
            valid = Interlocked.Read(ref _valid),
            distinct = (long)_seen.Count,
            duplicates = Interlocked.Read(ref _duplicates),
            badSignature = Interlocked.Read(ref _badSignature),
            staleTimestamp = Interlocked.Read(ref _staleTimestamp),
            malformed = Interlocked.Read(ref _malformed),
            connections = Interlocked.Read(ref _connections),
            openConnections = Interlocked.Read(ref _openConnections),
            peakConnections = Interlocked.Read(ref _peakConnections),
            peakInFlight = Interlocked.Read(ref _peakInFlight),
            cpuMs = ProcessStats.Cpu.TotalMilliseconds,
            rssBytes = rss,
            peakRssBytes = peak,
            openFiles = ProcessStats.OpenFiles(),
            peakOpenFiles = Sampler?.PeakOpenFiles ?? -1,
        });
    }

    private static long? TransactionId(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) ? id : null;
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Max(ref long peak, long value)
    {
        for (var seen = Interlocked.Read(ref peak); value > seen; seen = Interlocked.Read(ref peak))
        {
            if (Interlocked.CompareExchange(ref peak, value, seen) == seen)
            {
                return;
            }
        }
    }
}
