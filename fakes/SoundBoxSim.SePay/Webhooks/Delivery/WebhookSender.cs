using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>How <see cref="WebhookSender"/> sends.</summary>
public sealed record WebhookSenderOptions
{
    /// <summary>The clock of timeouts, durations and HMAC timestamps (default the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The most of an answer's body that is read and kept (default 64 KiB, <see cref="AttemptRecord.DefaultMaxResponseBodyBytes"/>).</summary>
    public int MaxResponseBodyBytes { get; init; } = AttemptRecord.DefaultMaxResponseBodyBytes;

    /// <summary>A User-Agent header to send (default none: SePay's is not documented).</summary>
    public string? UserAgent { get; init; }

    /// <summary>The options of the token client the sender makes when it is given none.</summary>
    public ReceiverTokenOptions Token { get; init; } = new();

    /// <summary>
    /// Keep connections to a receiver open and reuse them between attempts (default true: thousands of deliveries a
    /// second cannot each open a TCP connection). False gives each attempt a new connection, as a cURL call would.
    /// </summary>
    public bool ReuseConnections { get; init; } = true;
}

/// <summary>
/// Makes ONE delivery attempt: encodes the payload, adds the auth headers (fetching an OAuth2 token first), POSTs it,
/// and judges the answer. Retrying and logging are the caller's.
/// </summary>
/// <remarks>
/// <para>Connections to a receiver are pooled and reused (<see cref="WebhookSenderOptions.ReuseConnections"/>; off
/// gives each attempt a new connection, as SePay's cURL requests have); the connect timeout applies whenever a
/// connection is made. Redirects are not followed, cookies and proxies are not used.</para>
/// <para>Both timeouts run on <see cref="WebhookSenderOptions.TimeProvider"/>, so tests can drive them with a fake
/// clock. The handler's own <see cref="SocketsHttpHandler.ConnectTimeout"/>, real time, is set to the same value as a
/// backstop.</para>
/// <para>Thread-safe: attempts may run concurrently.</para>
/// </remarks>
public sealed class WebhookSender : IAsyncDisposable
{
    private readonly WebhookSenderOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient? _ownTokenHttp;
    private readonly bool _ownsTokenClient;
    private static readonly HttpRequestOptionsKey<ConnectionState> StateKey = new("sbsim.connection");
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TimeSpan, HttpMessageInvoker> _pooled = new();

    /// <summary>Creates a sender.</summary>
    /// <param name="options">The options (default <see cref="WebhookSenderOptions"/>' defaults).</param>
    /// <param name="tokenClient">The token client of OAuth2.0 webhooks, shared so tokens are cached across senders; null for one of its own.</param>
    public WebhookSender(WebhookSenderOptions? options = null, ReceiverTokenClient? tokenClient = null)
    {
        _options = options ?? new WebhookSenderOptions();
        ArgumentNullException.ThrowIfNull(_options.TimeProvider, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.MaxResponseBodyBytes, 0, nameof(options));
        _time = _options.TimeProvider;
        if (tokenClient is null)
        {
            _ownTokenHttp = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            tokenClient = new ReceiverTokenClient(_ownTokenHttp, _time, _options.Token);
            _ownsTokenClient = true;
        }

        TokenClient = tokenClient;
    }

    /// <summary>The token client OAuth2.0 deliveries use.</summary>
    public ReceiverTokenClient TokenClient { get; }

    /// <summary>Encodes <paramref name="payload"/> for the webhook's content type and sends it once.</summary>
    /// <returns>The record of the attempt; failures are in it, never thrown.</returns>
    /// <exception cref="ArgumentException">The settings are invalid (see <see cref="WebhookDeliverySettings.Validate"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (no record: the attempt did not finish).</exception>
    public Task<AttemptRecord> SendAsync(WebhookDeliverySettings settings, WebhookPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(payload);
        settings.Validate();
        return SendCoreAsync(settings, PayloadEncoder.Encode(payload, settings.ContentType), cancellationToken);
    }

    /// <summary>Sends an already encoded body once (a replay of the exact bytes; an HMAC signature is made afresh).</summary>
    /// <inheritdoc cref="SendAsync(WebhookDeliverySettings, WebhookPayload, CancellationToken)"/>
    public Task<AttemptRecord> SendAsync(WebhookDeliverySettings settings, EncodedBody body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(body);
        settings.Validate();
        return SendCoreAsync(settings, body, cancellationToken);
    }

    /// <summary>Disposes the token client when the sender made it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var invoker in _pooled.Values)
        {
            invoker.Dispose();
        }

        if (_ownsTokenClient)
        {
            await TokenClient.DisposeAsync();
            _ownTokenHttp!.Dispose();
        }
    }

    private async Task<AttemptRecord> SendCoreAsync(WebhookDeliverySettings settings, EncodedBody body, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        var profile = settings.Profile;
        var url = settings.Url.AbsoluteUri;
        var bodyText = body.Text;
        List<KeyValuePair<string, string>> headers =
        [
            new("Content-Type", body.ContentType),
            new("Content-Length", body.Bytes.Length.ToString(CultureInfo.InvariantCulture)),
        ];

        AttemptRecord Failed(AttemptErrorKind kind, string message, int? status = null, IReadOnlyList<KeyValuePair<string, string>>? responseHeaders = null, BodyReader? responseBody = null) => new()
        {
            StartedAt = startedAt,
            Duration = _time.GetElapsedTime(start),
            RequestUrl = url,
            RequestHeaders = headers,
            RequestBody = bodyText,
            ResponseStatus = status,
            ResponseHeaders = responseHeaders ?? [],
            ResponseBody = responseBody?.Text,
            ResponseBodyTruncated = responseBody?.Truncated ?? false,
            ErrorKind = kind,
            ErrorMessage = message,
            Verdict = RetryRule.Classify(kind, status, null, settings.RetryOnNon2xx),
        };

        string? accessToken = null;
        if (settings.AuthType == WebhookAuthType.OAuth2)
        {
            try
            {
                accessToken = (await TokenClient.GetTokenAsync(settings.OAuth!, cancellationToken)).AccessToken;
            }
            catch (ReceiverTokenException e)
            {
                return Failed(AttemptErrorKind.TokenFailed, e.Message);
            }
        }

        headers.AddRange(AuthHeaders.Build(settings, body.Bytes.Span, _time, accessToken));
        if (_options.UserAgent is { Length: > 0 } userAgent)
        {
            headers.Add(new("User-Agent", userAgent));
        }

        var connection = new ConnectionState();
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new ReadOnlyMemoryContent(body.Bytes) };
        request.Options.Set(StateKey, connection);
        using var own = _options.ReuseConnections ? null : NewHandler(profile.ConnectTimeout);
        var invoker = own is null ? _pooled.GetOrAdd(profile.ConnectTimeout, timeout => new HttpMessageInvoker(NewHandler(timeout))) : new HttpMessageInvoker(own, disposeHandler: false);
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        // The response timeout starts here, after any token request, and covers connecting too (see RetryProfile).
        using var timeout = new CancellationTokenSource(profile.ResponseTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int? status = null;
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders = [];
        BodyReader? responseBody = null;
        string? location = null;
        try
        {
            using var response = await invoker.SendAsync(request, linked.Token);
            status = (int)response.StatusCode;
            responseHeaders = [.. response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value)))];
            location = response.Headers.TryGetValues("Location", out var values) ? string.Join(", ", values) : null;
            responseBody = new BodyReader(_options.MaxResponseBodyBytes);
            await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
            await responseBody.ReadFromAsync(stream, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException
            || (e is HttpRequestException && connection.ConnectTimedOut))
        {
            return connection.Connected || !connection.ConnectStarted
                ? Failed(AttemptErrorKind.ResponseTimeout,
                    $"No complete answer from {Authority(settings.Url)} within {Seconds(profile.ResponseTimeout)} (response timeout){(status is null ? "" : $"; HTTP {status} arrived, the body did not finish")}",
                    status, responseHeaders, responseBody)
                : Failed(AttemptErrorKind.ConnectTimeout,
                    $"No connection to {Authority(settings.Url)} within {Seconds(connection.ConnectTimedOut ? profile.ConnectTimeout : Min(profile.ConnectTimeout, profile.ResponseTimeout))} (connect timeout)");
        }
        // SocketsHttpHandler lets a raw SocketException out when the peer resets just as the connection is made.
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            var (kind, message) = Classify(e, connection.Connected || !connection.ConnectStarted, settings.Url);
            return Failed(kind, message, status, responseHeaders, responseBody);
        }

        if (status is >= 300 and <= 399)
        {
            return Failed(AttemptErrorKind.Redirect,
                $"HTTP {status} redirect to {location ?? "(no Location header)"}; redirects are not followed", status, responseHeaders, responseBody);
        }

        // A refused token is forgotten, so the next attempt asks for a new one (SePay does not say what it does).
        if (settings.AuthType == WebhookAuthType.OAuth2 && status == 401)
        {
            TokenClient.Invalidate(settings.OAuth!);
        }

        var success = settings.SuccessRule.Evaluate(settings.AuthType, status!.Value, responseBody!.Text);
        return new AttemptRecord
        {
            StartedAt = startedAt,
            Duration = _time.GetElapsedTime(start),
            RequestUrl = url,
            RequestHeaders = headers,
            RequestBody = bodyText,
            ResponseStatus = status,
            ResponseHeaders = responseHeaders,
            ResponseBody = responseBody.Text,
            ResponseBodyTruncated = responseBody.Truncated,
            ErrorKind = AttemptErrorKind.None,
            ErrorMessage = success.Reason,
            Verdict = RetryRule.Classify(AttemptErrorKind.None, status, success, settings.RetryOnNon2xx),
        };
    }

    // One pooled handler per connect timeout: connections are kept and reused between attempts, as a busy sender must.
    private SocketsHttpHandler NewHandler(TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = (context, token) => ConnectAsync(
            context, context.InitialRequestMessage.Options.TryGetValue(StateKey, out var state) ? state : new ConnectionState(), connectTimeout, token),
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, ConnectionState state, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        state.ConnectStarted = true;
        using var timer = new CancellationTokenSource(connectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, linked.Token);
            state.Connected = true;
            return new NetworkStream(socket, ownsSocket: true);
        }
        // A cancelled connect ends in an OperationCanceledException or a SocketException (OperationAborted), by a race.
        catch (Exception e) when ((e is OperationCanceledException or SocketException) && timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            state.ConnectTimedOut = true;
            throw new TimeoutException($"No connection to {context.DnsEndPoint.Host}:{context.DnsEndPoint.Port} within {Seconds(connectTimeout)}.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static (AttemptErrorKind Kind, string Message) Classify(Exception e, bool connected, Uri url)
    {
        var where = Authority(url);
        var socketError = FindSocketError(e);
        var httpError = e switch
        {
            HttpRequestException r => r.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        // A reset can race the connect's completion (accepted, then reset at once): it is still the receiver's reset.
        if (socketError is SocketError.ConnectionReset or SocketError.ConnectionAborted || (connected && socketError is SocketError.NotConnected))
        {
            return (AttemptErrorKind.ConnectionReset, $"{where} reset the connection {(connected ? "before a complete answer" : "as it was made")}");
        }

        if (!connected)
        {
            return (AttemptErrorKind.ConnectFailed, $"Could not connect to {where}: {socketError?.ToString() ?? Innermost(e).Message}");
        }

        if (httpError == HttpRequestError.SecureConnectionError)
        {
            return (AttemptErrorKind.ConnectFailed, $"TLS handshake with {where} failed: {Innermost(e).Message}");
        }

        if (httpError == HttpRequestError.InvalidResponse)
        {
            return (AttemptErrorKind.BadResponse, $"{where} sent an answer that is not valid HTTP: {Innermost(e).Message}");
        }

        if (httpError == HttpRequestError.ResponseEnded)
        {
            return (AttemptErrorKind.ConnectionReset, $"{where} closed the connection before a complete answer");
        }

        return (AttemptErrorKind.ConnectionReset, $"The connection to {where} failed before a complete answer: {Innermost(e).Message}");
    }

    private static SocketError? FindSocketError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException s)
            {
                return s.SocketErrorCode;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string Authority(Uri url) => $"{url.Host}:{url.Port}";

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>What the connect callback learnt about this attempt's connection (none started: a pooled one was reused).</summary>
    private sealed class ConnectionState
    {
        private volatile bool _connected;
        private volatile bool _connectTimedOut;
        private volatile bool _connectStarted;

        public bool ConnectStarted { get => _connectStarted; set => _connectStarted = value; }

        public bool Connected { get => _connected; set => _connected = value; }

        public bool ConnectTimedOut { get => _connectTimedOut; set => _connectTimedOut = value; }
    }
}
