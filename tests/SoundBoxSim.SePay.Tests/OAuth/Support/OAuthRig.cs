using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Web;

namespace SoundBoxSim.SePay.Tests.OAuth.Support;

/// <summary>
/// The fake's OAuth server as an app meets it: real HTTP (Kestrel on 127.0.0.1, port 0) serving /oauth/authorize,
/// /oauth/token, a callback page, and a few API endpoints guarded by <see cref="OAuthEndpoints.RequireScope"/>, all on
/// a virtual clock. Disposing fails the test if the server logged an error (an exception in a handler).
/// </summary>
internal sealed class OAuthRig : IAsyncDisposable
{
    /// <summary>A shop app registered with one https callback (which has a query of its own) and one loopback callback.</summary>
    public const string Shop = "shop-app";
    public const string ShopSecret = "shop-secret+/=%1"; // characters that need care in forms and Basic
    public const string ShopCallback = "https://shop.example/oauth/callback?tenant=7";

    /// <summary>Registered without a port: RFC 8252 loopback redirects match on any port.</summary>
    public const string LoopbackCallback = "http://127.0.0.1/callback";

    /// <summary>An app that may only read webhooks, with any redirect URI.</summary>
    public const string Reader = "reader-app";
    public const string ReaderSecret = "reader-secret";

    private WebApplication _app = null!;

    private OAuthRig(OAuthServer server, ManualTimeProvider time)
    {
        Server = server;
        Time = time;
    }

    public ManualTimeProvider Time { get; }

    public OAuthServer Server { get; }

    /// <summary>A client that does not follow redirects, so tests see the 302.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A client that follows redirects, as a browser does.</summary>
    public HttpClient Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The loopback callback on the rig's real port (what the app would send as redirect_uri).</summary>
    public string LiveCallback => $"http://127.0.0.1:{BaseAddress.Port}/callback";

    public ConcurrentQueue<string> ServerErrors { get; } = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static OAuthOptions DefaultOptions(ManualTimeProvider time) => new()
    {
        Clients =
        [
            new OAuthClient(Shop, ShopSecret, [ShopCallback, LoopbackCallback], OAuthScopes.All),
            new OAuthClient(Reader, ReaderSecret, [], [OAuthScopes.WebhookRead]),
        ],
        TimeProvider = time,
    };

    public static async Task<OAuthRig> StartAsync(Func<OAuthOptions, OAuthOptions>? configure = null)
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 23, 9, 0, 0, TimeSpan.Zero));
        var options = (configure ?? (o => o))(DefaultOptions(time));
        var rig = new OAuthRig(new OAuthServer(options), time);
        await rig.StartCoreAsync();
        return rig;
    }

    private async Task StartCoreAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ServerErrorCollector(ServerErrors));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapSePayOAuth(Server);

        // The app's callback page: shows what the redirect carried.
        _app.MapGet("/callback", (HttpRequest request) => Results.Json(new
        {
            code = request.Query["code"].ToString(),
            state = request.Query.TryGetValue("state", out var state) ? state.ToString() : null,
        }));

        var api = _app.MapGroup("/api/v1");
        api.MapGet("/webhooks", (HttpContext context) => Results.Json(Describe(context.GetOAuthPrincipal()!))).RequireScope(Server, OAuthScopes.WebhookRead);
        api.MapPost("/webhooks", (HttpContext context) => Results.Json(Describe(context.GetOAuthPrincipal()!))).RequireScope(Server, OAuthScopes.WebhookWrite);
        api.MapGet("/me", (HttpContext context) => Results.Json(Describe(context.GetOAuthPrincipal()!))).RequireAccessToken(Server);
        var company = api.MapGroup("/company").RequireScope(Server, OAuthScopes.Company);
        company.MapGet("/", (HttpContext context) => Results.Json(Describe(context.GetOAuthPrincipal()!)));
        // A handler that calls Authorize itself instead of the filter.
        api.MapGet("/transactions", (HttpContext context) => Server.Authorize(context, OAuthScopes.TransactionRead) ?? Results.Json(Describe(context.GetOAuthPrincipal()!)));

        await _app.StartAsync(Token);
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static object Describe(OAuthPrincipal principal) => new
    {
        sub = principal.Subject,
        client_id = principal.ClientId,
        scopes = principal.Scopes.Order(StringComparer.Ordinal).ToArray(),
    };

    /// <summary>The authorize URL for these parameters, each percent-encoded; a null value leaves the parameter out.</summary>
    public static string AuthorizeUrl(params (string Name, string? Value)[] parameters) =>
        "/oauth/authorize?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>Sends GET /oauth/authorize without following the redirect.</summary>
    public Task<Answer> AuthorizeAsync(params (string Name, string? Value)[] parameters) => SendAsync(new HttpRequestMessage(HttpMethod.Get, AuthorizeUrl(parameters)));

    /// <summary>Authorizes and returns the code from the 302's Location.</summary>
    public async Task<string> CodeAsync(string clientId = Shop, string redirectUri = ShopCallback, string? scope = "webhook:read webhook:write", string? state = "xyz")
    {
        var answer = await AuthorizeAsync(("response_type", "code"), ("client_id", clientId), ("redirect_uri", redirectUri), ("scope", scope), ("state", state));
        Assert.True(answer.Status == 302, $"authorize answered {answer.Status}: {answer.Body}");
        return QueryOf(answer.Location!)["code"];
    }

    /// <summary>POSTs a form to /oauth/token (client credentials in the body unless <paramref name="basic"/> is given).</summary>
    public Task<Answer> TokenAsync(IEnumerable<(string Name, string Value)> form, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return SendAsync(request);
    }

    /// <summary>Exchanges a code for tokens; asserts the 200.</summary>
    public async Task<Tokens> ExchangeAsync(string code, string clientId = Shop, string secret = ShopSecret, string redirectUri = ShopCallback)
    {
        var answer = await TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectUri), ("client_id", clientId), ("client_secret", secret)]);
        return Tokens.From(answer);
    }

    /// <summary>Refreshes; returns the raw answer.</summary>
    public Task<Answer> RefreshAsync(string refreshToken, string clientId = Shop, string secret = ShopSecret, string? scope = null)
    {
        var form = new List<(string, string)> { ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", clientId), ("client_secret", secret) };
        if (scope is not null)
        {
            form.Add(("scope", scope));
        }

        return TokenAsync(form);
    }

    /// <summary>Calls an API endpoint with the given Authorization header value (null: none).</summary>
    public Task<Answer> CallAsync(HttpMethod method, string path, string? authorization)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return SendAsync(request);
    }

    public Task<Answer> CallWithTokenAsync(HttpMethod method, string path, string accessToken) => CallAsync(method, path, "Bearer " + accessToken);

    public async Task<Answer> SendAsync(HttpRequestMessage request, HttpClient? client = null)
    {
        using (request)
        {
            using var response = await (client ?? Http).SendAsync(request, Token);
            var text = await response.Content.ReadAsStringAsync(Token);
            JsonElement? json = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                using var document = JsonDocument.Parse(text);
                json = document.RootElement.Clone();
            }

            return new Answer(
                (int)response.StatusCode,
                text,
                json,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.Location?.OriginalString,
                string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())),
                response.Headers.CacheControl?.ToString(),
                string.Join(", ", response.Content.Headers.Allow),
                response.RequestMessage?.RequestUri);
        }
    }

    /// <summary>
    /// Sends a request target byte for byte over a raw socket (HttpClient would repair a broken escape such as %zz) and
    /// returns the status, the head and the body.
    /// </summary>
    public async Task<(int Status, string Head, string Body)> RawGetAsync(string target)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, BaseAddress.Port, Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(Token);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        return (int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head, split < 0 ? "" : text[(split + 4)..]);
    }

    /// <summary>The query parameters of a URL, decoded; a name twice fails the test.</summary>
    public static Dictionary<string, string> QueryOf(string url)
    {
        var query = new Uri(url, UriKind.Absolute).Query.TrimStart('?');
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = Uri.UnescapeDataString((eq < 0 ? "" : pair[(eq + 1)..]).Replace('+', ' '));
            Assert.True(result.TryAdd(name, value), $"'{name}' twice in {url}");
        }

        return result;
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}"));

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        Browser?.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Assert.True(ServerErrors.IsEmpty, "the server logged errors:\n" + string.Join("\n", ServerErrors));
    }
}

/// <summary>An HTTP answer, read whole.</summary>
internal sealed record Answer(int Status, string Body, JsonElement? Json, string? ContentType, string? Location, string WwwAuthenticate, string? CacheControl, string Allow, Uri? FinalUri)
{
    /// <summary>The <c>error</c> field of a JSON error body.</summary>
    public string? Error => Json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("error", out var e) ? e.GetString() : null;

    public string Field(string name) => Json!.Value.GetProperty(name).GetString()!;

    /// <summary>Asserts an RFC 6749 5.2 error: status, error code, a non-empty description, JSON.</summary>
    public void AssertOAuthError(int status, string error)
    {
        Assert.True(Status == status && Error == error, $"expected {status} {error}, got {Status}: {Body}");
        Assert.Equal("application/json", ContentType);
        Assert.False(string.IsNullOrWhiteSpace(Field("error_description")), "error_description is empty");
    }

    /// <summary>Asserts the 400 HTML page of /oauth/authorize naming <paramref name="parameter"/>, and no redirect.</summary>
    public void AssertErrorPage(string parameter, int status = 400)
    {
        Assert.True(Status == status, $"expected {status}, got {Status} (Location {Location}): {Body}");
        Assert.Equal("text/html", ContentType);
        Assert.Null(Location);
        Assert.Contains($"<code id=\"parameter\">{System.Net.WebUtility.HtmlEncode(parameter)}</code>", Body, StringComparison.Ordinal);
    }
}

/// <summary>A successful token response.</summary>
internal sealed record Tokens(string AccessToken, string? RefreshToken, string TokenType, int ExpiresIn, string Scope, Answer Answer)
{
    public static Tokens From(Answer answer)
    {
        Assert.True(answer.Status == 200, $"token endpoint answered {answer.Status}: {answer.Body}");
        var json = answer.Json!.Value;
        return new Tokens(
            json.GetProperty("access_token").GetString()!,
            json.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null,
            json.GetProperty("token_type").GetString()!,
            json.GetProperty("expires_in").GetInt32(),
            json.GetProperty("scope").GetString()!,
            answer);
    }
}
