using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.Host.Tests;

/// <summary>What a partner's integration does: real HTTP calls to the Speaker API, as SePay documents them.</summary>
internal sealed class PartnerClient(Simulator simulator, string clientId = "sbsim-partner", string secret = "sbsim-secret") : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = simulator.BaseAddress };

    public string? Token { get; set; }

    public async Task<JsonElement> TokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/devices/v1/token/create");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        var (status, body) = await SendAsync(request);
        Assert.Equal(201, status);
        Token = body.GetProperty("access_token").GetString();
        return body;
    }

    /// <summary>POSTs <paramref name="json"/> (raw, so tests can send anything) with the bearer token.</summary>
    public async Task<(int Status, JsonElement Body)> PostAsync(string path, string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/devices/v1/{path}") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return await SendAsync(request);
    }

    public Task<(int Status, JsonElement Body)> PostAsync(string path, object body) => PostAsync(path, JsonSerializer.Serialize(body));

    public async Task<JsonElement> ControlGetAsync(string path) =>
        await _http.GetFromJsonAsync<JsonElement>($"/control/v1/{path}", TestContext.Current.CancellationToken);

    public async Task<HttpResponseMessage> ControlSendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"/control/v1/{path}") { Content = body is null ? null : JsonContent.Create(body) };
        return await _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Pairs <paramref name="serial"/> the way a partner does: request, hear the OTP (read from the announcements), verify.</summary>
    public async Task<string> PairAsync(string serial)
    {
        var (status, requested) = await PostAsync("speaker/pair/request", new { hardwareId = serial });
        Assert.Equal(200, status);
        var session = requested.GetProperty("data").GetProperty("session_id").GetString()!;
        string? otp = null;
        await simulator.AdvanceUntilAsync(async () =>
        {
            var announcements = await ControlGetAsync($"devices/{serial}/announcements");
            otp = announcements.EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "otp" && a.TryGetProperty("startedAt", out _))
                .Select(a => a.GetProperty("otp").GetString()).LastOrDefault();
            return otp is not null;
        }, "the OTP spoken");
        var (verified, body) = await PostAsync("speaker/pair/verify", new { hardwareId = serial, session_id = session, otp });
        Assert.Equal(200, verified);
        Assert.True(body.GetProperty("data").GetProperty("isPaired").GetBoolean());
        return otp!;
    }

    public Task<byte[]> GetBytesAsync(string url) => _http.GetByteArrayAsync(url, TestContext.Current.CancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<(int, JsonElement)> SendAsync(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        if (text.Length > 0)
        {
            // Every answer is SePay's envelope, with code = the HTTP status.
            Assert.Equal((int)response.StatusCode, body.GetProperty("code").GetInt32());
        }

        return ((int)response.StatusCode, body);
    }
}
