using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>How <see cref="ReceiverTokenClient"/> fetches and keeps tokens.</summary>
public sealed record ReceiverTokenOptions
{
    /// <summary>A token is used until this long before it expires, so it never expires in flight (default 30 s).</summary>
    public TimeSpan ExpiryMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a token request may take, on the client's clock (default 8 s, the seed's response timeout).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The most of a token response that is read (default 64 KiB); a longer one is cut and will not parse.</summary>
    public int MaxResponseBytes { get; init; } = 64 * 1024;
}

/// <summary>An access token from a receiver's token endpoint.</summary>
/// <param name="AccessToken">The <c>data.accessToken</c>, sent as <c>Authorization: Bearer</c>.</param>
/// <param name="RefreshToken">The <c>data.refreshToken</c> when it is a string; kept for the log, never used (SePay does not say it uses one).</param>
/// <param name="ExpiresIn">The <c>data.expiredIn</c>.</param>
/// <param name="ObtainedAt">When the request for it was sent.</param>
/// <param name="CachedUntil">When the client stops using it: <paramref name="ObtainedAt"/> + <paramref name="ExpiresIn"/> - the margin.</param>
public sealed record ReceiverToken(string AccessToken, string? RefreshToken, TimeSpan ExpiresIn, DateTimeOffset ObtainedAt, DateTimeOffset CachedUntil)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(ReceiverToken)} {{ AccessToken = {AuthHeaders.MaskSecret(AccessToken)}, ExpiresIn = {ExpiresIn}, ObtainedAt = {ObtainedAt:O}, CachedUntil = {CachedUntil:O} }}";
}

/// <summary>Why a token request failed.</summary>
public enum ReceiverTokenFailure
{
    /// <summary>No HTTP answer: DNS, refused or reset connection, TLS.</summary>
    Unreachable,

    /// <summary>No complete answer within <see cref="ReceiverTokenOptions.RequestTimeout"/>.</summary>
    Timeout,

    /// <summary>A status other than 2xx.</summary>
    HttpStatus,

    /// <summary>The body is not JSON.</summary>
    BadJson,

    /// <summary><c>data</c>, <c>data.accessToken</c> or <c>data.expiredIn</c> is missing.</summary>
    MissingField,

    /// <summary>A field has the wrong type or value (e.g. an empty token, <c>expiredIn</c> not a positive number).</summary>
    InvalidField,
}

/// <summary>A token request that failed; <see cref="Exception.Message"/> is fit for the delivery log.</summary>
public sealed class ReceiverTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReceiverTokenException(ReceiverTokenFailure failure, string tokenUrl, string message, int? statusCode = null, string? responseBody = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        TokenUrl = tokenUrl;
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>What went wrong.</summary>
    public ReceiverTokenFailure Failure { get; }

    /// <summary>The token endpoint.</summary>
    public string TokenUrl { get; }

    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The answer's body (up to <see cref="ReceiverTokenOptions.MaxResponseBytes"/>), when there was one.</summary>
    public string? ResponseBody { get; }
}

/// <summary>
/// Gets access tokens for <c>OAuth2.0</c> webhooks as SePay does (contract 3.5.3): POST
/// <c>{"clientId": ..., "clientSecret": ...}</c> as JSON to the receiver's token URL, read <c>data.accessToken</c> and
/// <c>data.expiredIn</c> (seconds; a JSON number or a numeric string) from a 2xx answer, tolerate a missing or
/// non-string <c>data.refreshToken</c>.
/// </summary>
/// <remarks>
/// Tokens are cached per (token URL, client id) until <see cref="ReceiverToken.CachedUntil"/> on the client's clock; a
/// changed client secret is a cache miss. Callers asking for the same key while a request is in flight share it
/// (single flight); a caller's cancellation only stops its own wait. Failures are not cached: the next call asks again.
/// Thread-safe.
/// </remarks>
public sealed class ReceiverTokenClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ReceiverTokenOptions _options;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Url, string ClientId), (string Secret, ReceiverToken Token)> _cache = [];
    private readonly Dictionary<(string Url, string ClientId), (string Secret, Task<ReceiverToken> Task)> _flights = [];
    private int _disposeCalls;

    /// <summary>Creates a client.</summary>
    /// <param name="http">The client token requests go through (not disposed here); its own timeout also applies.</param>
    /// <param name="time">The clock of expiry and of the request timeout (default the system clock).</param>
    /// <param name="options">The options (default <see cref="ReceiverTokenOptions"/>' defaults).</param>
    public ReceiverTokenClient(HttpClient http, TimeProvider? time = null, ReceiverTokenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _time = time ?? TimeProvider.System;
        _options = options ?? new ReceiverTokenOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ExpiryMargin, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.MaxResponseBytes, 0, nameof(options));
    }

    /// <summary>A valid token for <paramref name="oauth"/>: the cached one, the one in flight, or a new one.</summary>
    /// <exception cref="ReceiverTokenException">The token request failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public Task<ReceiverToken> GetTokenAsync(WebhookOAuth oauth, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(oauth);
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var key = (oauth.TokenUrl, oauth.ClientId);
        TaskCompletionSource<ReceiverToken>? mine = null;
        Task<ReceiverToken> shared;
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var cached) && cached.Secret == oauth.ClientSecret && _time.GetUtcNow() < cached.Token.CachedUntil)
            {
                return Task.FromResult(cached.Token);
            }

            if (_flights.TryGetValue(key, out var flight) && flight.Secret == oauth.ClientSecret)
            {
                shared = flight.Task;
            }
            else
            {
                mine = new TaskCompletionSource<ReceiverToken>(TaskCreationOptions.RunContinuationsAsynchronously);
                shared = mine.Task;
                _flights[key] = (oauth.ClientSecret, shared);
            }
        }

        if (mine is not null)
        {
            _ = RunFlightAsync(key, oauth, mine);
        }

        return shared.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets the cached token of <paramref name="oauth"/> (e.g. after the receiver refused it); true when there was one.</summary>
    public bool Invalidate(WebhookOAuth oauth)
    {
        ArgumentNullException.ThrowIfNull(oauth);
        lock (_lock)
        {
            return _cache.Remove((oauth.TokenUrl, oauth.ClientId));
        }
    }

    /// <summary>Cancels requests in flight and forgets every token.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeCalls, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _disposed.Cancel();
        lock (_lock)
        {
            _cache.Clear();
        }

        _disposed.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task RunFlightAsync((string, string) key, WebhookOAuth oauth, TaskCompletionSource<ReceiverToken> flight)
    {
        try
        {
            var token = await FetchAsync(oauth);
            lock (_lock)
            {
                _flights.Remove(key);
                if (token.CachedUntil > token.ObtainedAt)
                {
                    _cache[key] = (oauth.ClientSecret, token);
                }
            }

            flight.SetResult(token);
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _flights.Remove(key);
            }

            flight.SetException(e);
        }
    }

    private async Task<ReceiverToken> FetchAsync(WebhookOAuth oauth)
    {
        var url = oauth.TokenUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ReceiverTokenException(ReceiverTokenFailure.Unreachable, url, $"Token URL '{url}' is not an absolute http or https URL.");
        }

        var obtainedAt = _time.GetUtcNow();
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
            {
                ["clientId"] = oauth.ClientId,
                ["clientSecret"] = oauth.ClientSecret,
            })),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        int status;
        string body;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            body = (await BodyReader.ReadAsync(stream, _options.MaxResponseBytes, linked.Token)).Text;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw new ReceiverTokenException(ReceiverTokenFailure.Timeout, url,
                $"Token request to {url} got no complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s.", inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            throw new ReceiverTokenException(ReceiverTokenFailure.Unreachable, url, $"Token request to {url} failed: {e.Message}", inner: e);
        }

        if (status is < 200 or > 299)
        {
            throw new ReceiverTokenException(ReceiverTokenFailure.HttpStatus, url,
                $"Token request to {url} answered HTTP {status} (2xx needed): {Snippet(body)}", status, body);
        }

        return Parse(url, status, body, obtainedAt);
    }

    private ReceiverToken Parse(string url, int status, string body, DateTimeOffset obtainedAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw Fail(ReceiverTokenFailure.BadJson, "is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw Fail(ReceiverTokenFailure.MissingField, "has no \"data\" object");
            }

            if (!data.TryGetProperty("accessToken", out var access) || access.ValueKind is JsonValueKind.Null)
            {
                throw Fail(ReceiverTokenFailure.MissingField, "has no data.accessToken");
            }

            if (access.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(access.GetString()))
            {
                throw Fail(ReceiverTokenFailure.InvalidField, "has a data.accessToken that is not a non-empty string");
            }

            if (!data.TryGetProperty("expiredIn", out var expired) || expired.ValueKind is JsonValueKind.Null)
            {
                throw Fail(ReceiverTokenFailure.MissingField, "has no data.expiredIn");
            }

            var seconds = expired.ValueKind switch
            {
                JsonValueKind.Number => expired.GetDouble(),
                JsonValueKind.String when double.TryParse(expired.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) => s,
                _ => double.NaN,
            };
            if (!(seconds > 0) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                throw Fail(ReceiverTokenFailure.InvalidField, "has a data.expiredIn that is not a positive number of seconds");
            }

            var refresh = data.TryGetProperty("refreshToken", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var expiresIn = TimeSpan.FromSeconds(seconds);
            return new ReceiverToken(access.GetString()!, refresh, expiresIn, obtainedAt, obtainedAt + expiresIn - _options.ExpiryMargin);
        }

        ReceiverTokenException Fail(ReceiverTokenFailure failure, string what) =>
            new(failure, url, $"Token response from {url} (HTTP {status}) {what}: {Snippet(body)}", status, body);
    }

    private static string Snippet(string body) => body.Length == 0
        ? "(empty)"
        : body.Length <= SuccessRules.QuotedBodyLength ? body : body[..SuccessRules.QuotedBodyLength] + "...";
}

/// <summary>Reads a response body up to a limit, keeping what arrived even when the read fails.</summary>
internal sealed class BodyReader(int limit)
{
    private readonly ArrayBufferWriter<byte> _collected = new();

    /// <summary>Whether the body was longer than the limit.</summary>
    public bool Truncated => _collected.WrittenCount > limit;

    /// <summary>What arrived, up to the limit, as UTF-8 text (a character cut at the limit is replaced).</summary>
    public string Text => Encoding.UTF8.GetString(_collected.WrittenSpan[..Math.Min(_collected.WrittenCount, limit)]);

    public static async Task<BodyReader> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var reader = new BodyReader(limit);
        await reader.ReadFromAsync(stream, cancellationToken);
        return reader;
    }

    public async Task ReadFromAsync(Stream stream, CancellationToken cancellationToken)
    {
        // One byte past the limit tells a body of exactly the limit from a longer one. Reads go straight into the
        // collected bytes: no second buffer per attempt on the delivery hot path.
        while (_collected.WrittenCount <= limit)
        {
            var want = limit + 1 - _collected.WrittenCount;
            var memory = _collected.GetMemory(Math.Min(want, 4096));
            var read = await stream.ReadAsync(memory[..Math.Min(memory.Length, want)], cancellationToken);
            if (read == 0)
            {
                return;
            }

            _collected.Advance(read);
        }
    }
}
