using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SoundBoxSim.Host.Bridge;

/// <summary>
/// The reference partner (<c>sbsim up --bridge</c>): what a partner's server does with SePay, written as a partner
/// would write it. It receives SePay's webhooks on its own port, checks the HMAC signature and the timestamp, handles
/// each transaction id once, and calls the Speaker API's notify (over HTTP, with a cached token) for the speaker paired
/// to that bank account. It closes the loop for demos: transfer in, speaker speaks.
/// </summary>
public sealed class ReferencePartner : IAsyncDisposable
{
    /// <summary>Signatures older or newer than this are refused (SePay's advice to receivers: 5 minutes).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly Func<string, string?> _speakerFor;
    private readonly string _clientId, _clientSecret;
    private readonly Action<string>? _log;
    private readonly ConcurrentDictionary<long, byte> _seen = new();
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private (string Token, DateTimeOffset Expires)? _token;

    private ReferencePartner(WebApplication app, Uri speakerApi, string secret, TimeProvider time, Func<string, string?> speakerFor, string clientId, string clientSecret, Action<string>? log)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = new Uri(speakerApi.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        _secret = Encoding.UTF8.GetBytes(secret);
        _time = time;
        _speakerFor = speakerFor;
        _clientId = clientId;
        _clientSecret = clientSecret;
        _log = log;
    }

    /// <summary>Where SePay delivers to (the webhook's URL).</summary>
    public Uri WebhookUrl { get; private set; } = null!;

    /// <summary>Transactions handled (each id once).</summary>
    public int Handled => _seen.Count;

    /// <summary>Starts the receiver on 127.0.0.1 (any free port).</summary>
    /// <param name="speakerApi">The Speaker API's base URL (ends in /devices/v1).</param>
    /// <param name="secret">The webhook's HMAC secret.</param>
    /// <param name="time">The clock the timestamps are judged by.</param>
    /// <param name="speakerFor">The serial of the speaker that announces payments to an account number, or null.</param>
    /// <param name="clientId">The partner's Speaker API client id.</param>
    /// <param name="clientSecret">Its secret.</param>
    /// <param name="log">Where to say what it did.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<ReferencePartner> StartAsync(
        Uri speakerApi, string secret, TimeProvider time, Func<string, string?> speakerFor, string clientId, string clientSecret, Action<string>? log, CancellationToken cancellationToken)
    {
        var app = WebApps.Create(IPAddress.Loopback, 0);
        var partner = new ReferencePartner(app, speakerApi, secret, time, speakerFor, clientId, clientSecret, log);
        app.MapPost("/sepay/webhook", partner.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        partner.WebhookUrl = new Uri(new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/sepay/webhook");
        return partner;
    }

    /// <summary>Stops the receiver.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
        _tokenGate.Dispose();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // 1. The exact bytes SePay signed.
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();

        // 2. Signature and timestamp, before believing anything in the body.
        if (!Verify(request.Headers["X-SePay-Timestamp"].ToString(), request.Headers["X-SePay-Signature"].ToString(), body, out var problem))
        {
            _log?.Invoke($"bridge: refused a webhook: {problem}");
            return Results.Json(new { success = false, message = problem }, statusCode: 401);
        }

        long id;
        string type, account;
        long amount;
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            (id, type, account, amount) = (json.GetProperty("id").GetInt64(), json.GetProperty("transferType").GetString()!,
                json.GetProperty("accountNumber").GetString()!, json.GetProperty("transferAmount").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Results.Json(new { success = false, message = $"not a SePay transaction: {ex.Message}" }, statusCode: 400);
        }

        // 3. Once per transaction id: SePay retries, and a retry must not make the speaker say it twice.
        if (!_seen.TryAdd(id, 0))
        {
            return Results.Json(new { success = true, duplicate = true }, statusCode: 200);
        }

        if (type != "in" || _speakerFor(account) is not { } serial)
        {
            _log?.Invoke($"bridge: transaction {id} ({type} {amount:N0} VND on {account}): no speaker to tell");
            return Results.Json(new { success = true });
        }

        // 4. Tell the speaker; a requestId from the transaction id makes the Speaker API idempotent too.
        try
        {
            var (status, answer) = await NotifyAsync(serial, amount, $"SEPAY-{id.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            _log?.Invoke($"bridge: transaction {id}: {amount:N0} VND -> {serial}: notify answered {status}{(status == 200 ? "" : $" {answer}")}");
            if (status >= 500)
            {
                _seen.TryRemove(id, out _); // let SePay's retry try again
                return Results.Json(new { success = false, message = $"the Speaker API answered {status}" }, statusCode: 503);
            }

            return Results.Json(new { success = true }); // a 4xx (e.g. not paired) will not improve with retries: logged, accepted
        }
        catch (HttpRequestException ex)
        {
            _seen.TryRemove(id, out _);
            _log?.Invoke($"bridge: transaction {id}: the Speaker API is unreachable ({ex.Message})");
            return Results.Json(new { success = false, message = "the Speaker API is unreachable" }, statusCode: 503);
        }
    }

    private bool Verify(string timestamp, string signature, byte[] body, out string problem)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            problem = "missing or malformed X-SePay-Timestamp";
            return false;
        }

        if ((_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxClockSkew)
        {
            problem = "X-SePay-Timestamp is more than 5 minutes off (a replay?)";
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(_secret, signed)));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            problem = "X-SePay-Signature does not match the body";
            return false;
        }

        problem = "";
        return true;
    }

    private async Task<(int Status, string Body)> NotifyAsync(string serial, long amount, string requestId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "speaker/transactions/notify")
        {
            Content = JsonContent.Create(new { hardwareId = serial, amount, requestId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken));
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            _token = null; // expired early: the next call gets a fresh one
        }

        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    // One token for many calls, renewed a minute before it expires (the Speaker API's ttl is 6000 s).
    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        await _tokenGate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } cached && cached.Expires - _time.GetUtcNow() > TimeSpan.FromMinutes(1))
            {
                return cached.Token;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "token/create");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_clientId}:{_clientSecret}")));
            using var response = await _http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var token = json.GetProperty("access_token").GetString()!;
            _token = (token, _time.GetUtcNow() + TimeSpan.FromSeconds(json.GetProperty("ttl").GetInt32()));
            return token;
        }
        finally
        {
            _tokenGate.Release();
        }
    }
}
