using SoundBoxSim.SePay.Tests.OAuth.Support;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>GET /oauth/authorize refuses bad requests with a 400 page naming the parameter, and never redirects them.</summary>
public sealed class AuthorizeEndpointTests
{
    private const string Good = "https://shop.example/oauth/callback?tenant=7";

    public static TheoryData<string, string> BadRequests => new()
    {
        // client_id
        { "response_type=code&redirect_uri=" + Uri.EscapeDataString(Good), "client_id" },
        { "response_type=code&client_id=&redirect_uri=" + Uri.EscapeDataString(Good), "client_id" },
        { "response_type=code&client_id=nobody&redirect_uri=" + Uri.EscapeDataString(Good), "client_id" },
        // redirect_uri: missing, unregistered, relative, with a fragment, another port on a non-loopback host, another loopback path
        { "response_type=code&client_id=shop-app", "redirect_uri" },
        { "response_type=code&client_id=shop-app&redirect_uri=" + Uri.EscapeDataString("https://evil.example/cb"), "redirect_uri" },
        { "response_type=code&client_id=shop-app&redirect_uri=%2Fcallback", "redirect_uri" },
        { "response_type=code&client_id=shop-app&redirect_uri=" + Uri.EscapeDataString(Good + "#frag"), "redirect_uri" },
        { "response_type=code&client_id=shop-app&redirect_uri=" + Uri.EscapeDataString("https://shop.example:8443/oauth/callback?tenant=7"), "redirect_uri" },
        { "response_type=code&client_id=shop-app&redirect_uri=" + Uri.EscapeDataString("http://127.0.0.1:5000/other"), "redirect_uri" },
        { "response_type=code&client_id=reader-app&redirect_uri=" + Uri.EscapeDataString("ftp://reader.example/cb"), "redirect_uri" },
        // response_type
        { "client_id=shop-app&redirect_uri=" + Uri.EscapeDataString(Good), "response_type" },
        { "response_type=token&client_id=shop-app&redirect_uri=" + Uri.EscapeDataString(Good), "response_type" },
        { "response_type=CODE&client_id=shop-app&redirect_uri=" + Uri.EscapeDataString(Good), "response_type" },
        // scope: unknown, wrong case, not allowed for the client, only spaces
        { "response_type=code&client_id=shop-app&scope=webhook:admin&redirect_uri=" + Uri.EscapeDataString(Good), "scope" },
        { "response_type=code&client_id=shop-app&scope=Profile&redirect_uri=" + Uri.EscapeDataString(Good), "scope" },
        { "response_type=code&client_id=reader-app&scope=webhook:write&redirect_uri=" + Uri.EscapeDataString("https://reader.example/cb"), "scope" },
        { "response_type=code&client_id=shop-app&scope=+++&redirect_uri=" + Uri.EscapeDataString(Good), "scope" },
        // the query itself: a parameter twice, a broken escape, bytes that are not UTF-8
        { "response_type=code&client_id=shop-app&state=a&state=b&redirect_uri=" + Uri.EscapeDataString(Good), "(query string)" },
        { "response_type=code&client_id=shop-app&client_id=reader-app&redirect_uri=" + Uri.EscapeDataString(Good), "(query string)" },
        { "response_type=code&client_id=shop-app&state=%C3%28&redirect_uri=" + Uri.EscapeDataString(Good), "(query string)" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_AnswersTheErrorPage_NamingTheParameter(string query, string parameter)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/oauth/authorize?" + query));

        answer.AssertErrorPage(parameter);
    }

    [Theory]
    [InlineData("state=%zz")]
    [InlineData("state=100%")]
    [InlineData("state=%4")]
    public async Task BrokenPercentEscape_AnswersTheErrorPage(string broken)
    {
        await using var rig = await OAuthRig.StartAsync();

        // Over a raw socket: HttpClient would send %zz as %25zz.
        var (status, head, body) = await rig.RawGetAsync($"/oauth/authorize?response_type=code&client_id=shop-app&{broken}&redirect_uri={Uri.EscapeDataString(Good)}");

        Assert.Equal(400, status);
        Assert.DoesNotContain("Location:", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/html", head, StringComparison.Ordinal);
        Assert.Contains("<code id=\"parameter\">(query string)</code>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorPage_EscapesWhatItEchoes()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", "<script>alert(1)</script>"), ("redirect_uri", Good));

        answer.AssertErrorPage("client_id");
        Assert.DoesNotContain("<script>", answer.Body, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", answer.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OtherMethods_Answer405(string method)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.SendAsync(new HttpRequestMessage(new HttpMethod(method), OAuthRig.AuthorizeUrl(
            ("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", Good))));

        Assert.Equal(405, answer.Status);
        Assert.Equal("GET", answer.Allow);
        Assert.Null(answer.Location);
    }

    [Fact]
    public async Task LoopbackRegistration_MatchesAnyPort_ButOnlyOnLoopback()
    {
        await using var rig = await OAuthRig.StartAsync();

        var onPort = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", "http://127.0.0.1:49152/callback"));
        var otherHost = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", "http://10.0.0.1:49152/callback"));

        Assert.Equal(302, onPort.Status);
        Assert.StartsWith("http://127.0.0.1:49152/callback?code=", onPort.Location, StringComparison.Ordinal);
        otherHost.AssertErrorPage("redirect_uri");
    }

    [Fact]
    public async Task ClientWithoutRegisteredUris_AcceptsAnyHttpsUri()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Reader), ("redirect_uri", "https://anything.example/x"), ("state", "s"));

        Assert.Equal(302, answer.Status);
        Assert.StartsWith("https://anything.example/x?code=", answer.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireScope_RefusesAMissingScope()
    {
        await using var rig = await OAuthRig.StartAsync(o => o with { RequireScope = true });

        var answer = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", Good), ("state", "s"));

        answer.AssertErrorPage("scope");
    }

    [Fact]
    public async Task RequireState_RefusesAMissingState()
    {
        await using var rig = await OAuthRig.StartAsync(o => o with { RequireState = true });

        var missing = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", Good), ("scope", "profile"));
        var present = await rig.AuthorizeAsync(("response_type", "code"), ("client_id", OAuthRig.Shop), ("redirect_uri", Good), ("scope", "profile"), ("state", "s"));

        missing.AssertErrorPage("state");
        Assert.Equal(302, present.Status);
    }
}
