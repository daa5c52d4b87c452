using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.SePay.Tests.OAuth.Support;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>The bearer guard of the management APIs: 401 access_denied for token problems, 403 insufficient_scope for scopes.</summary>
public sealed class ProtectedApiTests
{
    [Fact]
    public async Task AccessToken_IsValidUntilJustBeforeOneHour_AndRefusedAtOneHour()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync());

        rig.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tokens.AccessToken)).Status);

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tokens.AccessToken);

        Assert.Equal(401, expired.Status);
        Assert.Equal("access_denied", expired.Error); // what SePay's WooCommerce plugin reads as "refresh and retry"
        Assert.Contains("expired", expired.Field("message"), StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", expired.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(OAuthTokenFailure.Expired, rig.Server.ValidateAccessToken(tokens.AccessToken).Failure);

        // The plugin's recovery works: refresh, then the call succeeds.
        var fresh = Tokens.From(await rig.RefreshAsync(tokens.RefreshToken!));
        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", fresh.AccessToken)).Status);
    }

    [Fact]
    public async Task MissingScope_Is403InsufficientScope_NamingTheScope()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync(scope: "webhook:read"));

        var read = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", tokens.AccessToken);
        var write = await rig.CallWithTokenAsync(HttpMethod.Post, "/api/v1/webhooks", tokens.AccessToken);
        var company = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/company", tokens.AccessToken);
        var transactions = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/transactions", tokens.AccessToken);

        Assert.Equal(200, read.Status);
        Assert.Equal(403, write.Status);
        Assert.Equal("insufficient_scope", write.Error);
        Assert.Equal("this token lacks webhook:write", write.Field("message"));
        Assert.Contains("error=\"insufficient_scope\"", write.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Contains("scope=\"webhook:write\"", write.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(403, company.Status); // the filter on a route group
        Assert.Equal("this token lacks company", company.Field("message"));
        Assert.Equal(403, transactions.Status); // Authorize called inside a handler
        Assert.Equal("this token lacks transaction:read", transactions.Field("message"));
    }

    [Fact]
    public async Task RequireAccessToken_AcceptsAnyScope()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync(scope: "profile"));

        var me = await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/me", tokens.AccessToken);

        Assert.Equal(200, me.Status);
        Assert.Equal(OAuthRig.Shop, me.Field("client_id"));
        Assert.Equal(401, (await rig.CallAsync(HttpMethod.Get, "/api/v1/me", null)).Status);
    }

    [Fact]
    public async Task NoToken_Is401AccessDenied_WithABareChallenge()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.CallAsync(HttpMethod.Get, "/api/v1/webhooks", null);

        Assert.Equal(401, answer.Status);
        Assert.Equal("access_denied", answer.Error);
        Assert.Equal("Bearer realm=\"SePay\"", answer.WwwAuthenticate); // RFC 6750 3.1: no error code without credentials
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("bearer not-a-jwt")]
    [InlineData("Bearer a.b")]
    [InlineData("Bearer a.b.c.d")]
    [InlineData("Bearer ..")]
    [InlineData("Bearer x.y.z")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")] // alg none, empty signature
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.c2ln")]
    [InlineData("Bearer \"quoted\"")]
    [InlineData("Bearer two tokens")]
    [InlineData("Basic c2hvcC1hcHA6c2VjcmV0")]
    [InlineData("Token abc")]
    public async Task GarbageAuthorizationHeader_Is401AccessDenied(string header)
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.CallAsync(HttpMethod.Get, "/api/v1/webhooks", header);

        Assert.Equal(401, answer.Status);
        Assert.Equal("access_denied", answer.Error);
        Assert.False(string.IsNullOrWhiteSpace(answer.Field("message")));
    }

    [Fact]
    public async Task HugeBearerToken_Is401_Not500()
    {
        await using var rig = await OAuthRig.StartAsync();

        var answer = await rig.CallAsync(HttpMethod.Get, "/api/v1/webhooks", "Bearer " + new string('a', 6000) + "." + new string('b', 10) + ".c");

        Assert.Equal(401, answer.Status);
        Assert.Equal("access_denied", answer.Error);
    }

    [Fact]
    public void ValidateAuthorizationHeader_TellsTheFailures()
    {
        var server = new OAuthServer();
        var token = server.IssueToken(OAuthOptions.DefaultClientId).AccessToken;

        Assert.True(server.ValidateAuthorizationHeader("Bearer " + token).IsValid);
        Assert.True(server.ValidateAuthorizationHeader("bearer  " + token + " ").IsValid); // scheme case-insensitive (RFC 7235)
        Assert.Equal(OAuthTokenFailure.Missing, server.ValidateAuthorizationHeader(default).Failure);
        Assert.Equal(OAuthTokenFailure.Missing, server.ValidateAuthorizationHeader("Bearer").Failure);
        Assert.Equal(OAuthTokenFailure.Malformed, server.ValidateAuthorizationHeader("Basic abc").Failure);
        Assert.Equal(OAuthTokenFailure.Malformed, server.ValidateAuthorizationHeader(new Microsoft.Extensions.Primitives.StringValues(["Bearer " + token, "Bearer " + token])).Failure);
    }

    [Fact]
    public void Authorize_StoresThePrincipalForTheHandler()
    {
        var server = new OAuthServer();
        var token = server.IssueToken(OAuthOptions.DefaultClientId, [OAuthScopes.WebhookRead]).AccessToken;
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + token;

        Assert.Null(server.Authorize(context, OAuthScopes.WebhookRead));

        var principal = context.GetOAuthPrincipal();
        Assert.NotNull(principal);
        Assert.Equal(OAuthOptions.DefaultClientId, principal.ClientId);
        Assert.True(principal.HasScope(OAuthScopes.WebhookRead));
        Assert.False(principal.HasScope(OAuthScopes.WebhookWrite));
        Assert.Null(new DefaultHttpContext().GetOAuthPrincipal());
    }

    [Fact]
    public void RequireScope_RefusesAScopeSePayDoesNotHave()
    {
        var builder = WebApplication.CreateSlimBuilder();
        using var app = builder.Build();
        var server = new OAuthServer();

        var error = Assert.Throws<ArgumentException>(() => app.MapGet("/x", () => "x").RequireScope(server, "webhooks:read"));

        Assert.Contains("webhooks:read", error.Message, StringComparison.Ordinal);
    }
}
