using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.ApiLoad;

/// <summary>A partner's side of the Speaker API over HTTP/1.1 keep-alive connections, plus the control API's reads.</summary>
internal sealed class SpeakerApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient _http;
    private readonly SimulatorEndpoints _endpoints;

    public SpeakerApiClient(SimulatorEndpoints endpoints, int connections)
    {
        _endpoints = endpoints;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>POST token/create with HTTP Basic; the bearer token goes on every later request.</summary>
    public async Task CreateTokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoints.SpeakerApi, "token/create"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_endpoints.ClientId}:{_endpoints.ClientSecret}")));
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await ReadJsonAsync(response, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created || !body.TryGetProperty("access_token", out var token) || token.GetString() is not { Length: > 0 } value)
        {
            throw new InvalidOperationException($"token/create answered {(int)response.StatusCode}: {body}");
        }

        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
    }

    /// <summary>POSTs a JSON body to the Speaker API; the answer's status and envelope.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(path, JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);
        return ((int)response.StatusCode, await ReadJsonAsync(response, cancellationToken));
    }

    /// <summary>POSTs <paramref name="json"/> as is; the caller reads and disposes the answer.</summary>
    public Task<HttpResponseMessage> SendAsync(string path, byte[] json, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoints.SpeakerApi, path)) { Content = new ByteArrayContent(json) };
        request.Content.Headers.ContentType = JsonType;
        return SendAndDisposeAsync(request, cancellationToken);
    }

    /// <summary>GET on the control API, e.g. "devices/VNS52508000001/announcements".</summary>
    public async Task<JsonElement> ControlGetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_endpoints.Control, path), cancellationToken);
        var body = await ReadJsonAsync(response, cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"GET control/v1/{path} answered {(int)response.StatusCode}: {body}");
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(bytes)); // not JSON: keep the text for the message
        }
    }

    private async Task<HttpResponseMessage> SendAndDisposeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
    }
}
