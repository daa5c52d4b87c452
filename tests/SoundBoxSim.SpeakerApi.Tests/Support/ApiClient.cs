using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.SpeakerApi.Tests.Support;

/// <summary>One answer of the API, read whole.</summary>
internal sealed record ApiResponse(int Status, string Text, string? MediaType, string? RetryAfter, string Allow)
{
    /// <summary>The body as JSON (fails the test when it is not JSON).</summary>
    public JsonElement Json
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Text);
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                Assert.Fail($"HTTP {Status}: the body is not JSON ({ex.Message}): {Text}");
                throw;
            }
        }
    }

    public override string ToString() => $"HTTP {Status} {Text}";
}

/// <summary>What a partner's integration does: HTTP calls to the Speaker API, raw, so tests can send anything.</summary>
internal sealed class ApiClient(SpeakerApiRig rig, string clientId, string secret)
{
    public string ClientId => clientId;

    public string? Token { get; set; }

    public static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>POST token/create with HTTP Basic; checks the 201 and keeps the token.</summary>
    public async Task<string> TokenAsync()
    {
        var response = await rig.SendAsync(TokenRequest(new AuthenticationHeaderValue("Basic", Basic(clientId, secret))));
        Envelope.AssertEnvelope(response, 201);
        Token = response.Json.GetProperty("access_token").GetString();
        return Token!;
    }

    public static HttpRequestMessage TokenRequest(AuthenticationHeaderValue? authorization, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/devices/v1/token/create") { Content = content };
        request.Headers.Authorization = authorization;
        return request;
    }

    /// <summary>A POST of <paramref name="body"/> (raw text) with this partner's token, if any.</summary>
    public HttpRequestMessage Request(string path, string? body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/devices/v1/{path}");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return request;
    }

    public Task<ApiResponse> PostAsync(string path, string body, string? contentType = "application/json") =>
        rig.SendAsync(Request(path, body, contentType));

    public Task<ApiResponse> PostAsync(string path, object body) => PostAsync(path, JsonSerializer.Serialize(body));

    public Task<ApiResponse> SendAsync(HttpRequestMessage request) => rig.SendAsync(request);

    /// <summary>pair/request, checked to be 200; the session_id.</summary>
    public async Task<string> RequestPairingAsync(string serial)
    {
        var data = Envelope.AssertOk(await PostAsync("speaker/pair/request", new { hardwareId = serial }));
        return data.GetProperty("session_id").GetString()!;
    }

    public Task<ApiResponse> NotifyAsync(string serial, long amount, string requestId) =>
        PostAsync("speaker/transactions/notify", new { hardwareId = serial, amount, requestId });

    public Task<ApiResponse> CheckNotifyAsync(string requestId) =>
        PostAsync("speaker/transactions/check_notify", new { requestId });
}
