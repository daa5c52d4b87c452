using System.Text.Json;
using SoundBoxSim.SePay.Tests.OAuth.Support;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>The authorization code flow of contract 3.10, end to end over HTTP.</summary>
public sealed class AuthorizationCodeFlowTests
{
    [Fact]
    public async Task FullFlow_BrowserFollowsRedirect_AppExchangesCode_AndCallsTheApi()
    {
        await using var rig = await OAuthRig.StartAsync();
        const string state = "csrf 42/ä&x=y+z"; // spaces, '&', '=', '+', '/', non-ASCII: all must come back unchanged

        // The browser opens the authorize URL and follows the 302 to the app's callback (loopback, registered without a port).
        var landed = await rig.SendAsync(new HttpRequestMessage(HttpMethod.Get, OAuthRig.AuthorizeUrl(
            ("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", rig.LiveCallback),
            ("scope", "webhook:read transaction:read"), ("state", state))), rig.Browser);
        Assert.Equal(200, landed.Status);
        Assert.Equal("/callback", landed.FinalUri!.AbsolutePath);
        Assert.Equal(state, landed.Json!.Value.GetProperty("state").GetString());
        var code = landed.Field("code");
        Assert.False(string.IsNullOrEmpty(code));

        var tokens = await rig.ExchangeAsync(code, redirectUri: rig.LiveCallback);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(3600, tokens.ExpiresIn); // contract 3.10: access token lives 1 hour
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.Equal(["transaction:read", "webhook:read"], tokens.Scope.Split(' ').Order(StringComparer.Ordinal));
        Assert.Contains("no-store", tokens.Answer.CacheControl, StringComparison.Ordinal);

        var api = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tokens.AccessToken);
        Assert.Equal(200, api.Status);
        Assert.Equal("1", api.Field("sub")); // the documented default subject
        Assert.Equal(OAuthRig.Shop, api.Field("client_id"));
        Assert.Equal(["transaction:read", "webhook:read"], api.Json!.Value.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Authorize_RedirectKeepsTheCallbackQuery_AndEncodesCodeAndState()
    {
        await using var rig = await OAuthRig.StartAsync();
        const string state = "a b&c=d%e#f";

        var answer = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", OAuthRig.ShopCallback),
            ("scope", "profile"), ("state", state), ("prompt", "none"));

        Assert.Equal(302, answer.Status);
        Assert.StartsWith("https://shop.example/oauth/callback?tenant=7&code=", answer.Location, StringComparison.Ordinal);
        var query = OAuthRig.QueryOf(answer.Location!);
        Assert.Equal(["code", "state", "tenant"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("7", query["tenant"]);
        Assert.Equal(state, query["state"]);
        Assert.DoesNotContain(' ', answer.Location!);
        Assert.DoesNotContain('#', answer.Location!);
    }

    [Fact]
    public async Task Authorize_WithoutState_RedirectsWithoutState()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", OAuthRig.ShopCallback), ("scope", "profile"));

        Assert.Equal(302, answer.Status);
        Assert.Equal(["code", "tenant"], OAuthRig.QueryOf(answer.Location!).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Authorize_WithoutScope_GrantsEveryScopeTheClientIsRegisteredFor()
    {
        await using var rig = await OAuthRig.StartAsync();

        var code = await rig.CodeAsync(OAuthRig.Reader, "https://reader.example/cb", scope: null);
        var tokens = await rig.ExchangeAsync(code, OAuthRig.Reader, OAuthRig.ReaderSecret, "https://reader.example/cb");

        Assert.Equal("webhook:read", tokens.Scope);
    }

    [Fact]
    public async Task Code_SecondExchange_IsRefused_AndRevokesTheTokensOfTheFirst()
    {
        await using var rig = await OAuthRig.StartAsync();
        var code = await rig.CodeAsync();
        var first = await rig.ExchangeAsync(code);
        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", first.AccessToken)).Status);

        var second = await rig.TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OAuthRig.ShopCallback),
            ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]);

        second.AssertOAuthError(400, "invalid_grant");
        Assert.Contains("already used", second.Field("error_description"), StringComparison.Ordinal);
        var api = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", first.AccessToken);
        Assert.Equal(401, api.Status);
        Assert.Equal("access_denied", api.Error);
        (await rig.RefreshAsync(first.RefreshToken!)).AssertOAuthError(400, "invalid_grant");
    }

    [Fact]
    public async Task Code_IsGoodForJustUnderFiveMinutes()
    {
        await using var rig = await OAuthRig.StartAsync();
        var code = await rig.CodeAsync();

        rig.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        await rig.ExchangeAsync(code); // asserts 200
    }

    [Fact]
    public async Task Code_ExpiresAfterFiveMinutes()
    {
        await using var rig = await OAuthRig.StartAsync();
        var code = await rig.CodeAsync();

        rig.Time.Advance(TimeSpan.FromMinutes(5));
        var answer = await rig.TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OAuthRig.ShopCallback),
            ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]);

        answer.AssertOAuthError(400, "invalid_grant");
        Assert.Contains("expired", answer.Field("error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_WithAnotherRedirectUri_IsRefused_AndStaysUsableWithTheRightOne()
    {
        await using var rig = await OAuthRig.StartAsync();
        var code = await rig.CodeAsync();

        // Same URL but without the callback's own query; then one that only differs by a trailing slash.
        foreach (var other in new[] { "https://shop.example/oauth/callback", "https://shop.example/oauth/callback/?tenant=7" })
        {
            var answer = await rig.TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", other),
                ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]);
            answer.AssertOAuthError(400, "invalid_grant");
            Assert.Contains("redirect_uri", answer.Field("error_description"), StringComparison.Ordinal);
        }

        await rig.ExchangeAsync(code);
    }

    [Fact]
    public async Task Code_PresentedByAnotherClient_IsRefused()
    {
        await using var rig = await OAuthRig.StartAsync();
        var code = await rig.CodeAsync(scope: "webhook:read");

        var answer = await rig.TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OAuthRig.ShopCallback),
            ("client_id", OAuthRig.Reader), ("client_secret", OAuthRig.ReaderSecret)]);

        answer.AssertOAuthError(400, "invalid_grant");
    }

    [Fact]
    public async Task Code_Unknown_IsRefused()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "authorization_code"), ("code", "no-such-code"), ("redirect_uri", OAuthRig.ShopCallback),
            ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]);

        answer.AssertOAuthError(400, "invalid_grant");
    }

    [Fact]
    public async Task Code_RedeemedConcurrently_SucceedsExactlyOnce()
    {
        await using var rig = await OAuthRig.StartAsync();
        var code = await rig.CodeAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => rig.TokenAsync([("grant_type", "authorization_code"), ("code", code),
            ("redirect_uri", OAuthRig.ShopCallback), ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)])));

        Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200), a => a.AssertOAuthError(400, "invalid_grant"));
    }

    [Fact]
    public async Task Reset_ForgetsCodesAndTokens()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync());
        var code = await rig.CodeAsync();

        rig.Server.Reset();

        var api = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tokens.AccessToken);
        Assert.Equal(401, api.Status);
        Assert.Equal("access_denied", api.Error);
        (await rig.RefreshAsync(tokens.RefreshToken!)).AssertOAuthError(400, "invalid_grant");
        (await rig.TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", OAuthRig.ShopCallback),
            ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)])).AssertOAuthError(400, "invalid_grant");
    }

    [Fact]
    public async Task TokenResponse_HasExactlyTheRfcFields()
    {
        await using var rig = await OAuthRig.StartAsync();

        var tokens = await rig.ExchangeAsync(await rig.CodeAsync());

        var names = tokens.Answer.Json!.Value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["access_token", "expires_in", "refresh_token", "scope", "token_type"], names);
        Assert.Equal(JsonValueKind.Number, tokens.Answer.Json.Value.GetProperty("expires_in").ValueKind);
    }
}
