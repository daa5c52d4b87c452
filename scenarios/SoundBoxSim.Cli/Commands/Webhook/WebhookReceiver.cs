using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace SoundBoxSim.Cli.Commands.Webhook;

/// <summary>
/// The local end of <c>sbsim webhook listen</c>: an HTTP server on 127.0.0.1 that takes the fake SePay's deliveries and
/// either forwards each one to the partner's app (same method, body bytes and end-to-end headers; the app's status and
/// body go back to the fake, so its delivery log shows what the app said) or prints it and answers
/// <c>{"success": true}</c>. One log line per delivery.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>The largest delivery accepted, and the largest answer of the app passed back (SePay's are a few hundred bytes).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How long the app may take to answer (the fake gives up sooner, after its own response timeout).</summary>
    public static readonly TimeSpan ForwardTimeout = TimeSpan.FromSeconds(30);

    // RFC 9110 7.6.1 hop-by-hop headers, and the ones the transport sets itself.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Host", "Content-Length", "Expect",
    };

    // Kestrel writes these on the answer to the fake itself.
    private static readonly HashSet<string> NotPassedBack = new(NotForwarded, StringComparer.OrdinalIgnoreCase) { "Date", "Server" };

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly Uri? _forward;
    private readonly TextWriter _log;
    private readonly HttpClient _http;
    private readonly TimeProvider _time = TimeProvider.System;
    private int _received;

    private WebhookReceiver(WebApplication app, Uri? forward, TextWriter log)
    {
        _app = app;
        _forward = forward;
        _log = log;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxBodyBytes,
        };
    }

    /// <summary>Where the fake SePay should deliver, e.g. <c>http://127.0.0.1:54321/webhook</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>
    /// Cancelled when the receiver's host is asked to stop. Its console lifetime takes SIGINT and SIGTERM (Ctrl+C), so
    /// this, not only the command's token, is how a terminal stops the listener.
    /// </summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Deliveries received so far.</summary>
    public int Received => Volatile.Read(ref _received);

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 for any free port).</summary>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<WebhookReceiver> StartAsync(int port, Uri? forward, TextWriter log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, forward, log);
        app.Run(receiver.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }

        var bound = new Uri(app.Urls.First());
        receiver.Address = new Uri($"http://127.0.0.1:{bound.Port}/webhook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time))
        {
            try
            {
                await _app.StopAsync(grace.Token); // lets deliveries in flight finish
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _app.DisposeAsync();
        _http.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _received);
        var start = _time.GetTimestamp();
        var request = context.Request;
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, context.RequestAborted);
        }
        catch (BadHttpRequestException ex)
        {
            await AnswerAsync(context, ex.StatusCode, $"sbsim webhook listen: {ex.Message}");
            await LogAsync($"{request.Method} (unreadable body) -> {ex.StatusCode} {ex.Message}", start);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var summary = Summarize(body, request.ContentType);
        if (_forward is null)
        {
            await AnswerAsync(context, 200, null);
            await LogAsync($"{request.Method} {summary} -> 200 (printed; no --forward)", start, Printed(request, body));
            return;
        }

        await ForwardAsync(context, body, summary, start);
    }

    private async Task ForwardAsync(HttpContext context, byte[] body, string summary, long start)
    {
        var incoming = context.Request;
        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), _forward);
        if (body.Length > 0 || incoming.ContentType is not null)
        {
            outgoing.Content = new ByteArrayContent(body);
        }

        var named = incoming.Headers.Connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in incoming.Headers)
        {
            if (NotForwarded.Contains(name) || named.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var timeout = new CancellationTokenSource(ForwardTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        int status;
        byte[] answer;
        try
        {
            using var response = await _http.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, linked.Token);
            status = (int)response.StatusCode;
            answer = await response.Content.ReadAsByteArrayAsync(linked.Token);
            context.Response.StatusCode = status;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotPassedBack.Contains(name))
                {
                    context.Response.Headers[name] = new StringValues([.. values]);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            await LogAsync($"{incoming.Method} {summary} -> (none) the fake SePay hung up before {_forward} answered (its response timeout is shorter than your app's reply)", start);
            return;
        }
        catch (OperationCanceledException)
        {
            await AnswerAsync(context, 504, $"sbsim webhook listen: {_forward} did not answer within {ForwardTimeout.TotalSeconds:0} s");
            await LogAsync($"{incoming.Method} {summary} -> 504 your app at {_forward} did not answer within {ForwardTimeout.TotalSeconds:0} s", start);
            return;
        }
        catch (HttpRequestException ex)
        {
            var down = ex.HttpRequestError == HttpRequestError.ConnectionError || ex.InnerException is SocketException;
            var why = down
                ? $"your app at {_forward} is not reachable ({(ex.InnerException as SocketException)?.SocketErrorCode.ToString() ?? ex.Message}); start it, or fix --forward"
                : $"your app at {_forward} failed to answer ({ex.Message})";
            await AnswerAsync(context, 502, $"sbsim webhook listen: {why}");
            await LogAsync($"{incoming.Method} {summary} -> 502 {why}", start);
            return;
        }

        if (answer.Length > 0)
        {
            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        }

        await LogAsync($"{incoming.Method} {summary} -> {status} {ReasonPhrases(status)}{Quote(answer)}", start);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>Answers the fake itself: <c>{"success": true}</c>, or <c>{"success": false, "error": ...}</c>.</summary>
    private static async Task AnswerAsync(HttpContext context, int status, string? error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var json = error is null ? """{"success": true}""" : JsonSerializer.Serialize(new { success = false, error });
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private async Task LogAsync(string line, long start, string? more = null)
    {
        var text = $"{_time.GetLocalNow():HH:mm:ss} {line} ({_time.GetElapsedTime(start).TotalMilliseconds:0} ms)";
        await _log.WriteLineAsync(more is null ? text : text + Environment.NewLine + more);
        await _log.FlushAsync();
    }

    /// <summary>"transaction 17, 150,000 VND" from a JSON body; otherwise what the body is.</summary>
    private static string Summarize(byte[] body, string? contentType)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var id = root.TryGetProperty("id", out var i) ? i.ToString() : "?";
                var amount = root.TryGetProperty("transferAmount", out var a) && a.TryGetInt64(out var vnd) ? $"{vnd.ToString("N0", CultureInfo.InvariantCulture)} VND" : "no amount";
                var direction = root.TryGetProperty("transferType", out var t) && t.ValueKind == JsonValueKind.String ? $" {t.GetString()}" : "";
                return $"transaction {id}{direction} {amount}";
            }
        }
        catch (JsonException)
        {
        }

        return $"{body.Length:N0} bytes of {contentType ?? "no content type"} (not JSON)";
    }

    private static string Printed(HttpRequest request, byte[] body)
    {
        var text = new StringBuilder();
        foreach (var name in (string[])["Content-Type", "Authorization", "X-SePay-Timestamp", "X-SePay-Signature"])
        {
            if (request.Headers.TryGetValue(name, out var value))
            {
                text.Append("  ").Append(name).Append(": ").AppendLine(value.ToString());
            }
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            text.Append(JsonSerializer.Serialize(document.RootElement, Pretty));
        }
        catch (JsonException)
        {
            text.Append(Encoding.UTF8.GetString(body));
        }

        return text.ToString();
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static string Quote(byte[] answer)
    {
        if (answer.Length == 0)
        {
            return ", empty body";
        }

        var text = Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 120)).ReplaceLineEndings(" ");
        return $", {(answer.Length > 120 ? text + "..." : text)}";
    }
}
