using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.SePay.Webhooks.Api;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Api;

/// <summary>The webhook management API over real HTTP, with tokens from the fake's own OAuth server.</summary>
public sealed class WebhookApiTests : IAsyncLifetime
{
    private const string Create = """
        {"bank_account_id":19,"name":"Online shop","event_type":"In_only","authen_type":"HMAC_SHA256","webhook_url":"http://127.0.0.1:3000/hook",
         "is_verify_payment":1,"skip_if_no_code":true,"active":1,"request_content_type":"Json","prefix_filters":["dh"],"retry_conditions":{"non_2xx_status_code":1}}
        """;

    private readonly ManualTimeProvider _time = new();
    private WebApplication _app = null!;
    private SePayBackend _sepay = null!;
    private HttpClient _http = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sepay = new SePayBackend(new SePayOptions { TimeProvider = _time });
        var oauth = new OAuthServer(new OAuthOptions { TimeProvider = _time });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapSePayOAuth(oauth);
        _app.MapSePayWebhookApi(_sepay, oauth);
        await _app.StartAsync(Token);
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _sepay.Dispose();
    }

    private async Task<string> TokenAsync(string scope)
    {
        using var response = await _http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = OAuthOptions.DefaultClientId, ["client_secret"] = OAuthOptions.DefaultClientSecret, ["scope"] = scope,
        }), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await _http.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task CreateGetListPatchDelete_InSePaysShape()
    {
        var token = await TokenAsync("webhook:read webhook:write webhook:delete");

        var (created, body) = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", token, Create);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("success", body.GetProperty("status").GetString());
        var data = body.GetProperty("data");
        var id = data.GetProperty("id").GetInt64();
        Assert.Equal("HMAC_SHA256", data.GetProperty("authen_type").GetString());
        Assert.True(data.GetProperty("is_verify_payment").GetBoolean());
        Assert.Equal(["DH"], data.GetProperty("prefix_filters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(1, data.GetProperty("retry_conditions").GetProperty("non_2xx_status_code").GetInt32());
        Assert.Equal("single", data.GetProperty("bank_mode").GetString());
        Assert.StartsWith("whsec_", data.GetProperty("secret_key").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", data.GetProperty("created_at").GetString());

        Assert.Equal(id, (await SendAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}", token)).Body.GetProperty("data").GetProperty("id").GetInt64());
        var (patched, patchedBody) = await SendAsync(HttpMethod.Patch, $"/api/v1/webhooks/{id}", token, """{"active":0,"name":"Renamed"}""");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(("Renamed", false, "http://127.0.0.1:3000/hook"),
            (patchedBody.GetProperty("data").GetProperty("name").GetString(), patchedBody.GetProperty("data").GetProperty("active").GetBoolean(), patchedBody.GetProperty("data").GetProperty("webhook_url").GetString()));

        var (_, list) = await SendAsync(HttpMethod.Get, "/api/v1/webhooks?active=0", token);
        Assert.Equal([id], list.GetProperty("data").EnumerateArray().Select(w => w.GetProperty("id").GetInt64()));
        Assert.Empty((await SendAsync(HttpMethod.Get, "/api/v1/webhooks?active=1", token)).Body.GetProperty("data").EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}", token)).Status);
        var (gone, goneBody) = await SendAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}", token);
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (gone, goneBody.GetProperty("error_code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/v1/webhooks/{id}", token)).Status);
    }

    [Fact]
    public async Task List_FiltersAndPaginates()
    {
        var token = await TokenAsync("webhook:read webhook:write");
        for (var i = 1; i <= 5; i++)
        {
            var json = Create.Replace("http://127.0.0.1:3000/hook", $"http://127.0.0.1:300{i}/hook{(i % 2 == 0 ? "/even" : "")}", StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/v1/webhooks", token, json)).Status);
        }

        var (_, page2) = await SendAsync(HttpMethod.Get, "/api/v1/webhooks?page=2&limit=2", token);
        Assert.Equal([3L, 2L], page2.GetProperty("data").EnumerateArray().Select(w => w.GetProperty("id").GetInt64())); // newest first
        var pagination = page2.GetProperty("meta").GetProperty("pagination");
        Assert.Equal((5, 2, 2, 3, true), (pagination.GetProperty("total").GetInt32(), pagination.GetProperty("per_page").GetInt32(),
            pagination.GetProperty("current_page").GetInt32(), pagination.GetProperty("last_page").GetInt32(), pagination.GetProperty("has_more").GetBoolean()));
        var (_, even) = await SendAsync(HttpMethod.Get, "/api/v1/webhooks?webhook_url=EVEN", token);
        Assert.Equal([4L, 2L], even.GetProperty("data").EnumerateArray().Select(w => w.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("""{"name":"x"}""", "bank_account_id")] // required fields on create
    [InlineData("""{"bank_account_id":"19","name":"x","event_type":"In_only","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json"}""", "bank_account_id")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"Sometimes","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json"}""", "event_type")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"Api_Key","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json"}""", "api_key")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"OAuth2.0","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json","oauth_token_url":"http://127.0.0.1/t"}""", "oauth_client_id")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"No_Authen","webhook_url":"not a url","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json"}""", "webhook_url")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":2,"skip_if_no_code":0,"active":1,"request_content_type":"Json"}""", "is_verify_payment")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"XML"}""", "request_content_type")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json","prefix_filters":["A","B","C","D","E","F","G","H","I","J","K","L","M","N","O","P","Q","R","S","T","U"]}""", "prefix_filters")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json","retry_conditions":{"non_2xx_status_code":5}}""", "retry_conditions.non_2xx_status_code")]
    [InlineData("""{"bank_account_id":19,"name":"x","event_type":"All","authen_type":"No_Authen","webhook_url":"http://127.0.0.1/h","is_verify_payment":0,"skip_if_no_code":0,"active":1,"request_content_type":"Json","colour":"red"}""", "colour")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"name":""", "body")]
    public async Task InvalidConfigurations_Get400ValidationError_NamingTheField(string json, string field)
    {
        var token = await TokenAsync("webhook:write webhook:read");

        var (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", token, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation_error", body.GetProperty("error_code").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
        Assert.Empty((await SendAsync(HttpMethod.Get, "/api/v1/webhooks", token)).Body.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Tokens_AndScopes_AreEnforced()
    {
        var reader = await TokenAsync("webhook:read");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/v1/webhooks", null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/v1/webhooks", "not-a-token")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/v1/webhooks", reader)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/v1/webhooks", reader, Create)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, "/api/v1/webhooks/1", reader)).Status);

        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)); // access tokens live 1 hour
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/api/v1/webhooks", reader)).Status);
    }

    [Fact]
    public async Task WrongContentType_HugeBody_BadQuery_AreRefused_WithTheErrorShape()
    {
        var token = await TokenAsync("webhook:read webhook:write");

        var (type, typeBody) = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", token, "name=x", "application/x-www-form-urlencoded");
        var (size, sizeBody) = await SendAsync(HttpMethod.Post, "/api/v1/webhooks", token, $$"""{"name":"{{new string('x', 70_000)}}"}""");
        var (page, pageBody) = await SendAsync(HttpMethod.Get, "/api/v1/webhooks?page=0", token);
        var (limit, _) = await SendAsync(HttpMethod.Get, "/api/v1/webhooks?limit=101", token);

        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "unsupported_media_type"), (type, typeBody.GetProperty("error_code").GetString()));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (size, sizeBody.GetProperty("error_code").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, page);
        Assert.True(pageBody.GetProperty("errors").TryGetProperty("page", out _));
        Assert.Equal(HttpStatusCode.BadRequest, limit);
    }
}
