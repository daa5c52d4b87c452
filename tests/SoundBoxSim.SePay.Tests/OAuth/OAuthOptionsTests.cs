using SoundBoxSim.SePay.OAuth;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>The documented defaults and the checks on OAuthOptions.</summary>
public sealed class OAuthOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new OAuthOptions();

        var client = Assert.Single(options.Clients);
        Assert.Equal("sbsim-oauth-client", client.ClientId);
        Assert.Equal("sbsim-oauth-secret", client.ClientSecret);
        Assert.Empty(client.RedirectUris);
        Assert.Equal(["bank-account:read", "transaction:read", "webhook:read", "webhook:write", "webhook:delete", "profile", "company"], client.Scopes);
        Assert.Equal(TimeSpan.FromHours(1), options.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(30), options.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.CodeLifetime);
        Assert.Equal("https://my.sepay.vn", options.Issuer);
        Assert.True(options.AllowClientCredentials);
        Assert.False(options.RequireScope);
        Assert.False(options.RequireState);
        Assert.Equal(16 * 1024, options.MaxBodyBytes);
        Assert.Null(options.SigningKey);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        options.Validate();
    }

    public static TheoryData<string, string> BadOptions => new()
    {
        { "no clients", "Clients" },
        { "duplicate client", "twice" },
        { "blank client id", "ClientId" },
        { "unknown scope", "webhook:admin" },
        { "no scopes", "is empty" },
        { "relative redirect", "absolute URI" },
        { "fragment redirect", "fragment" },
        { "zero lifetime", "AccessTokenLifetime" },
        { "fractional lifetime", "CodeLifetime" },
        { "relative issuer", "Issuer" },
        { "blank subject", "Subject" },
        { "tiny body", "MaxBodyBytes" },
        { "short key", "SigningKey" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_NamesWhatIsWrong(string caseName, string expectedInMessage)
    {
        var good = new OAuthOptions();
        var options = caseName switch
        {
            "no clients" => good with { Clients = [] },
            "duplicate client" => good with { Clients = [new OAuthClient("a", "s"), new OAuthClient("a", "t")] },
            "blank client id" => good with { Clients = [new OAuthClient(" ", "s")] },
            "unknown scope" => good with { Clients = [new OAuthClient("a", "s", [], ["profile", "webhook:admin"])] },
            "no scopes" => good with { Clients = [new OAuthClient("a", "s", [], [])] },
            "relative redirect" => good with { Clients = [new OAuthClient("a", "s", ["/callback"], ["profile"])] },
            "fragment redirect" => good with { Clients = [new OAuthClient("a", "s", ["https://x.example/cb#top"], ["profile"])] },
            "zero lifetime" => good with { AccessTokenLifetime = TimeSpan.Zero },
            "fractional lifetime" => good with { CodeLifetime = TimeSpan.FromMilliseconds(1500) },
            "relative issuer" => good with { Issuer = "my.sepay.vn" },
            "blank subject" => good with { Subject = "" },
            "tiny body" => good with { MaxBodyBytes = 10 },
            "short key" => good with { SigningKey = new byte[16] },
            _ => throw new ArgumentOutOfRangeException(nameof(caseName), caseName, "no such case"),
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new OAuthServer(options));
    }
}
