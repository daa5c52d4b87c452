using System.Net.Http.Headers;
using System.Text;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.SePay.Tests.OAuth.Support;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>POST /oauth/token: client authentication, client credentials, and every kind of bad input (RFC 6749 5.2).</summary>
public sealed class TokenEndpointTests
{
    [Fact]
    public async Task ClientCredentials_ViaBasic_GivesAWorkingTokenWithoutRefreshToken()
    {
        await using var rig = await OAuthRig.StartAsync();

        var tokens = Tokens.From(await rig.TokenAsync([("grant_type", "client_credentials")], OAuthRig.Basic(OAuthRig.Shop, OAuthRig.ShopSecret)));

        Assert.Null(tokens.RefreshToken); // RFC 6749 4.4.3: SHOULD NOT issue one
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(3600, tokens.ExpiresIn);
        Assert.Equal("bank-account:read transaction:read webhook:read webhook:write webhook:delete profile company", tokens.Scope);
        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Post, "/api/v1/webhooks", tokens.AccessToken)).Status);
    }

    [Fact]
    public async Task ClientCredentials_WithScope_GrantsJustThatScope()
    {
        await using var rig = await OAuthRig.StartAsync();

        var tokens = Tokens.From(await rig.TokenAsync([("grant_type", "client_credentials"), ("scope", "webhook:read"),
            ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]));

        Assert.Equal("webhook:read", tokens.Scope);
        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tokens.AccessToken)).Status);
        Assert.Equal(403, (await rig.CallWithTokenAsync(HttpMethod.Post, "/api/v1/webhooks", tokens.AccessToken)).Status);
    }

    [Theory]
    [InlineData("webhook:admin")]
    [InlineData("company")] // a real scope the reader app may not have
    public async Task ClientCredentials_WithAScopeTheClientMayNotHave_IsInvalidScope(string scope)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials"), ("scope", scope), ("client_id", OAuthRig.Reader), ("client_secret", OAuthRig.ReaderSecret)]);

        answer.AssertOAuthError(400, "invalid_scope");
        Assert.Contains(scope, answer.Field("error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientCredentials_WhenDisabled_IsUnsupported()
    {
        await using var rig = await OAuthRig.StartAsync(o => o with { AllowClientCredentials = false });

        var answer = await rig.TokenAsync([("grant_type", "client_credentials"), ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]);

        answer.AssertOAuthError(400, "unsupported_grant_type");
    }

    [Fact]
    public async Task Basic_WithRawUnencodedSecret_IsAcceptedToo()
    {
        await using var rig = await OAuthRig.StartAsync();
        var raw = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OAuthRig.Shop}:{OAuthRig.ShopSecret}"));

        Tokens.From(await rig.TokenAsync([("grant_type", "client_credentials")], raw));
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public async Task WrongSecret_InTheBody_Is401InvalidClient_WithoutChallenge(string secret)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials"), ("client_id", OAuthRig.Shop), ("client_secret", secret)]);

        answer.AssertOAuthError(401, "invalid_client");
        Assert.Equal("", answer.WwwAuthenticate);
    }

    [Theory]
    [InlineData("shop-app", "wrong-secret")]
    [InlineData("nobody", "whatever")]
    public async Task BadCredentials_ViaBasic_Are401InvalidClient_WithBasicChallenge(string id, string secret)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials")], OAuthRig.Basic(id, secret));

        answer.AssertOAuthError(401, "invalid_client");
        Assert.StartsWith("Basic realm=", answer.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic !!!notbase64")]
    [InlineData("Basic")]
    [InlineData("Basic Og==")] // ":"
    [InlineData("Basic c2hvcC1hcHA=")] // "shop-app", no colon
    [InlineData("Basic //79")] // not UTF-8
    [InlineData("Bearer eyJhbGciOiJIUzI1NiJ9.e30.x")]
    [InlineData("Digest username=\"shop-app\"")]
    [InlineData("garbage")]
    public async Task GarbageAuthorizationHeader_Is401InvalidClient(string header)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials")], header);

        answer.AssertOAuthError(401, "invalid_client");
        Assert.StartsWith("Basic realm=", answer.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoClientAuthentication_Is401InvalidClient()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials")]);

        answer.AssertOAuthError(401, "invalid_client");
    }

    [Fact]
    public async Task BasicAndBodySecretTogether_IsInvalidRequest()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials"), ("client_secret", OAuthRig.ShopSecret)], OAuthRig.Basic(OAuthRig.Shop, OAuthRig.ShopSecret));

        answer.AssertOAuthError(400, "invalid_request");
    }

    [Fact]
    public async Task BasicWithADifferentBodyClientId_IsInvalidRequest()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "client_credentials"), ("client_id", OAuthRig.Reader)], OAuthRig.Basic(OAuthRig.Shop, OAuthRig.ShopSecret));

        answer.AssertOAuthError(400, "invalid_request");
    }

    public static TheoryData<string, int, string> BadBodies => new()
    {
        { "client_id=shop-app&client_secret=x", 400, "invalid_request" }, // no grant_type
        { "grant_type=&client_id=shop-app", 400, "invalid_request" }, // empty = absent (RFC 6749 3.1)
        { "grant_type=password&username=a&password=b", 400, "unsupported_grant_type" },
        { "grant_type=implicit", 400, "unsupported_grant_type" },
        { "grant_type=AUTHORIZATION_CODE", 400, "unsupported_grant_type" },
        { "grant_type=authorization_code&redirect_uri=https%3A%2F%2Fshop.example%2Foauth%2Fcallback%3Ftenant%3D7&client_id=shop-app&client_secret=SECRET", 400, "invalid_request" }, // no code
        { "grant_type=authorization_code&code=abc&client_id=shop-app&client_secret=SECRET", 400, "invalid_request" }, // no redirect_uri
        { "grant_type=refresh_token&client_id=shop-app&client_secret=SECRET", 400, "invalid_request" }, // no refresh_token
        { "grant_type=refresh_token&refresh_token=nope&client_id=shop-app&client_secret=SECRET", 400, "invalid_grant" },
        { "grant_type=client_credentials&grant_type=client_credentials&client_id=shop-app&client_secret=SECRET", 400, "invalid_request" }, // twice
        { "grant_type=client_credentials&client_id=shop-app&client_id=shop-app&client_secret=SECRET", 400, "invalid_request" },
        { "grant_type=client_credentials&client_id=shop-app&client_secret=%E2%82", 400, "invalid_request" }, // truncated UTF-8
        { "grant_type=client_credentials&client_id=shop-app&client_secret=100%", 400, "invalid_request" }, // broken escape
        { "=x&grant_type=client_credentials", 400, "invalid_request" }, // no name
        { "&&&", 400, "invalid_request" }, // no parameters at all: no grant_type
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_AnswersTheDocumentedError(string body, int status, string error)
    {
        await using var rig = await OAuthRig.StartAsync();
        // The shop secret has '+', '/', '=', '%': spell it out encoded where the body needs it.
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new StringContent(body.Replace("SECRET", Uri.EscapeDataString(OAuthRig.ShopSecret), StringComparison.Ordinal), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };

        var answer = await rig.SendAsync(request);

        answer.AssertOAuthError(status, error);
    }

    [Theory]
    [InlineData("application/json", "{\"grant_type\":\"client_credentials\"}")]
    [InlineData("text/plain", "grant_type=client_credentials")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--x--\r\n")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1", "grant_type=client_credentials")]
    [InlineData(null, "grant_type=client_credentials")]
    public async Task WrongContentType_IsInvalidRequest(string? contentType, string body)
    {
        await using var rig = await OAuthRig.StartAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var answer = await rig.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content }, null);

        answer.AssertOAuthError(400, "invalid_request");
        Assert.Contains("Content-Type", answer.Field("error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormContentTypeWithUtf8Charset_IsAccepted()
    {
        await using var rig = await OAuthRig.StartAsync();
        var content = new StringContent($"grant_type=client_credentials&client_id={OAuthRig.Shop}&client_secret={Uri.EscapeDataString(OAuthRig.ShopSecret)}");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=UTF-8");

        Tokens.From(await rig.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content }));
    }

    [Fact]
    public async Task EmptyBody_IsInvalidRequest()
    {
        await using var rig = await OAuthRig.StartAsync();
        var content = new ByteArrayContent([]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");

        var answer = await rig.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content });

        answer.AssertOAuthError(400, "invalid_request");
    }

    [Fact]
    public async Task NoBodyAtAll_IsInvalidRequest()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token"));

        answer.AssertOAuthError(400, "invalid_request");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // chunked: no Content-Length to refuse it by
    public async Task OversizedBody_Is413WithTheSameErrorShape(bool withContentLength)
    {
        await using var rig = await OAuthRig.StartAsync();
        var body = Encoding.ASCII.GetBytes("grant_type=client_credentials&padding=" + new string('a', 17 * 1024)); // over the documented 16 KiB
        HttpContent content = withContentLength ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content };
        request.Headers.TransferEncodingChunked = !withContentLength;

        var answer = await rig.SendAsync(request);

        answer.AssertOAuthError(413, "invalid_request");
    }

    [Fact]
    public async Task BodyJustUnderTheLimit_IsRead()
    {
        await using var rig = await OAuthRig.StartAsync();
        var prefix = $"grant_type=client_credentials&client_id={OAuthRig.Shop}&client_secret={Uri.EscapeDataString(OAuthRig.ShopSecret)}&padding=";
        var content = new StringContent(prefix + new string('a', (16 * 1024) - prefix.Length));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded");

        Tokens.From(await rig.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/oauth/token") { Content = content }));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethods_Answer405InTheErrorShape(string method)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/oauth/token?grant_type=client_credentials"));

        answer.AssertOAuthError(405, "invalid_request");
        Assert.Equal("POST", answer.Allow);
    }

    [Fact]
    public async Task ErrorDescriptions_StayWithinTheRfcCharacterSet()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.TokenAsync([("grant_type", "\"quoted\\ grant ü"), ("client_id", OAuthRig.Shop), ("client_secret", OAuthRig.ShopSecret)]);

        answer.AssertOAuthError(400, "unsupported_grant_type");
        // RFC 6749 5.2: error_description is %x20-21 / %x23-5B / %x5D-7E.
        Assert.All(answer.Field("error_description"), c => Assert.True(c is >= ' ' and <= '~' and not '"' and not '\\', $"character U+{(int)c:X4}"));
    }

    [Fact]
    public void IssueToken_RefusesAScopeTheClientMayNotHave()
    {
        var server = new OAuthServer(new OAuthOptions { Clients = [new OAuthClient("c", "s", [], [OAuthScopes.Profile])] });

        var error = Assert.Throws<ArgumentException>(() => server.IssueToken("c", [OAuthScopes.Company]));

        Assert.Contains("company", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => server.IssueToken("unknown"));
    }
}
