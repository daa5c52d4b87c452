using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.SePay.Tests.OAuth.Support;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>Access tokens are real HS256 JWTs with SePay's claims (contract 3.10), checked here without the server's code.</summary>
public sealed class AccessTokenJwtTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("test-signing-key-0123456789abcdef-0123456789");

    private static Task<OAuthRig> StartWithKnownKeyAsync() =>
        OAuthRig.StartAsync(o => o with { SigningKey = Key, Issuer = "https://issuer.test", Subject = "12345" });

    [Fact]
    public async Task AccessToken_IsAnHs256Jwt_WithSePaysClaims()
    {
        await using var rig = await StartWithKnownKeyAsync();
        var issuedAt = rig.Time.GetUtcNow().ToUnixTimeSeconds();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync(scope: "profile bank-account:read transaction:read"));

        var parts = tokens.AccessToken.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, p => Assert.Matches("^[A-Za-z0-9_-]+$", p)); // base64url, no padding

        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        Assert.Equal(["alg", "typ"], header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("HS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());

        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var claims = payload.RootElement;
        Assert.Equal("https://issuer.test", claims.GetProperty("iss").GetString());
        Assert.Equal("12345", claims.GetProperty("sub").GetString());
        Assert.Equal(OAuthRig.Shop, claims.GetProperty("aud").GetString());
        Assert.Equal(issuedAt, claims.GetProperty("iat").GetInt64());
        Assert.Equal(issuedAt + 3600, claims.GetProperty("exp").GetInt64());
        Assert.Equal(["bank-account:read", "profile", "transaction:read"], claims.GetProperty("scope").GetString()!.Split(' ').Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));

        // The signature, recomputed from the key: HMAC-SHA256 over "header.payload", base64url.
        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));
        Assert.Equal(expected, parts[2]);
    }

    [Fact]
    public async Task EveryToken_HasItsOwnJti()
    {
        await using var rig = await StartWithKnownKeyAsync();

        var a = await rig.ExchangeAsync(await rig.CodeAsync());
        var b = await rig.ExchangeAsync(await rig.CodeAsync());

        Assert.NotEqual(Claim(a.AccessToken, "jti"), Claim(b.AccessToken, "jti"));
    }

    [Fact]
    public async Task ATokenForgedWithTheKey_IsAccepted_SoTheFormatIsReallyJwt()
    {
        await using var rig = await StartWithKnownKeyAsync();
        var real = await rig.ExchangeAsync(await rig.CodeAsync(scope: "webhook:read"));
        var parts = real.AccessToken.Split('.');
        // Re-sign the same header and payload independently: the server must accept it.
        var resigned = parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])));

        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", resigned)).Status);
    }

    [Fact]
    public async Task PayloadWithMoreScope_SignedWithAnotherKey_IsBadSignature()
    {
        await using var rig = await StartWithKnownKeyAsync();
        var real = await rig.ExchangeAsync(await rig.CodeAsync(scope: "webhook:read"));
        var parts = real.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(FromBase64Url(parts[1])).Replace("\"webhook:read\"", "\"webhook:read webhook:write\"", StringComparison.Ordinal);
        var forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var otherKey = RandomNumberGenerator.GetBytes(32);
        var forged = parts[0] + "." + forgedPayload + "." + Base64Url.EncodeToString(HMACSHA256.HashData(otherKey, Encoding.ASCII.GetBytes(parts[0] + "." + forgedPayload)));

        Assert.Equal(OAuthTokenFailure.BadSignature, rig.Server.ValidateAccessToken(forged).Failure);
        Assert.Equal(401, (await rig.CallWithTokenAsync(HttpMethod.Post, "/api/v1/webhooks", forged)).Status);
    }

    [Theory]
    [InlineData(1)] // payload
    [InlineData(2)] // signature
    [InlineData(0)] // header
    public async Task ChangingOneCharacter_MakesTheTokenInvalid(int part)
    {
        await using var rig = await OAuthRig.StartAsync(); // the default, random key
        var token = (await rig.ExchangeAsync(await rig.CodeAsync())).AccessToken;
        var parts = token.Split('.');
        var middle = parts[part].Length / 2;
        var chars = parts[part].ToCharArray();
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        parts[part] = new string(chars);
        var tampered = string.Join('.', parts);

        var validation = rig.Server.ValidateAccessToken(tampered);
        var api = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tampered);

        Assert.False(validation.IsValid);
        Assert.Contains(validation.Failure, new[] { OAuthTokenFailure.BadSignature, OAuthTokenFailure.Malformed });
        if (part != 0)
        {
            Assert.Equal(OAuthTokenFailure.BadSignature, validation.Failure);
        }

        Assert.Equal(401, api.Status);
        Assert.Equal("access_denied", api.Error);
        Assert.True(rig.Server.ValidateAccessToken(token).IsValid); // the original is still fine
    }

    [Fact]
    public void TokenFromAnotherServer_IsBadSignature()
    {
        var one = new OAuthServer();
        var other = new OAuthServer();

        var token = one.IssueToken(OAuthOptions.DefaultClientId).AccessToken;

        Assert.True(one.ValidateAccessToken(token).IsValid);
        Assert.Equal(OAuthTokenFailure.BadSignature, other.ValidateAccessToken(token).Failure);
    }

    [Fact]
    public void TokenBeforeReset_IsRevoked()
    {
        var server = new OAuthServer();
        var token = server.IssueToken(OAuthOptions.DefaultClientId).AccessToken;

        server.Reset();

        Assert.Equal(OAuthTokenFailure.Revoked, server.ValidateAccessToken(token).Failure);
    }

    [Fact]
    public void AlgNone_IsMalformed_EvenWithTheRightClaims()
    {
        var server = new OAuthServer();
        var token = server.IssueToken(OAuthOptions.DefaultClientId).AccessToken;
        var payload = token.Split('.')[1];
        var none = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);

        Assert.Equal(OAuthTokenFailure.Malformed, server.ValidateAccessToken($"{none}.{payload}.").Failure);
        Assert.Equal(OAuthTokenFailure.Malformed, server.ValidateAccessToken($"{none}.{payload}.{token.Split('.')[2]}").Failure);
    }

    [Fact]
    public void Validation_ReturnsThePrincipal()
    {
        var time = new SoundBoxSim.Testing.ManualTimeProvider();
        var server = new OAuthServer(new OAuthOptions { TimeProvider = time, Subject = "777" });
        var token = server.IssueToken(OAuthOptions.DefaultClientId, [OAuthScopes.Company, OAuthScopes.Profile]).AccessToken;

        var principal = server.ValidateAccessToken(token).Principal!;

        Assert.Equal("777", principal.Subject);
        Assert.Equal(OAuthOptions.DefaultClientId, principal.ClientId);
        Assert.Equal(["company", "profile"], principal.Scopes.Order(StringComparer.Ordinal));
        Assert.Equal(time.GetUtcNow(), principal.IssuedAt);
        Assert.Equal(time.GetUtcNow().AddHours(1), principal.ExpiresAt);
        Assert.Equal(OAuthTokenFailure.Missing, server.ValidateAccessToken(null).Failure);
        Assert.Equal(OAuthTokenFailure.Missing, server.ValidateAccessToken("").Failure);
    }

    private static byte[] FromBase64Url(string text)
    {
        // Decoded by hand from the RFC 4648 alphabet, not with the library the server uses.
        var standard = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }

    private static string Claim(string token, string name)
    {
        using var payload = JsonDocument.Parse(FromBase64Url(token.Split('.')[1]));
        return payload.RootElement.GetProperty(name).GetString()!;
    }
}
