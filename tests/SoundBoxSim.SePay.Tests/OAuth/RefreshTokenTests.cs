using SoundBoxSim.SePay.Tests.OAuth.Support;

namespace SoundBoxSim.SePay.Tests.OAuth;

/// <summary>grant_type=refresh_token: rotation, a 30-day lifetime (contract 3.10: "1 month"), scope narrowing.</summary>
public sealed class RefreshTokenTests
{
    [Fact]
    public async Task Refresh_RotatesTheRefreshToken_AndTheOldOneIsRefused()
    {
        await using var rig = await OAuthRig.StartAsync();
        var first = await rig.ExchangeAsync(await rig.CodeAsync());

        var second = Tokens.From(await rig.RefreshAsync(first.RefreshToken!));

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(first.Scope, second.Scope);
        Assert.Equal(3600, second.ExpiresIn);
        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", second.AccessToken)).Status);

        var reuse = await rig.RefreshAsync(first.RefreshToken!);
        reuse.AssertOAuthError(400, "invalid_grant");
        Assert.Contains("already used", reuse.Field("error_description"), StringComparison.Ordinal);

        Tokens.From(await rig.RefreshAsync(second.RefreshToken!)); // the new one still works
    }

    [Fact]
    public async Task Refresh_ConcurrentUseOfOneToken_SucceedsExactlyOnce()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => rig.RefreshAsync(tokens.RefreshToken!)));

        Assert.Single(answers, a => a.Status == 200);
        Assert.All(answers.Where(a => a.Status != 200), a => a.AssertOAuthError(400, "invalid_grant"));
    }

    [Fact]
    public async Task RefreshToken_WorksUntilJustBefore30Days_AndNotAt30Days()
    {
        await using var rig = await OAuthRig.StartAsync();
        var a = await rig.ExchangeAsync(await rig.CodeAsync());
        var b = await rig.ExchangeAsync(await rig.CodeAsync());

        rig.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Tokens.From(await rig.RefreshAsync(a.RefreshToken!));

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await rig.RefreshAsync(b.RefreshToken!);

        expired.AssertOAuthError(400, "invalid_grant");
        Assert.Contains("expired", expired.Field("error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotatedRefreshToken_LastsThirtyDaysFromItsOwnIssue()
    {
        await using var rig = await OAuthRig.StartAsync();
        var first = await rig.ExchangeAsync(await rig.CodeAsync());
        rig.Time.Advance(TimeSpan.FromDays(20));
        var second = Tokens.From(await rig.RefreshAsync(first.RefreshToken!));

        rig.Time.Advance(TimeSpan.FromDays(29)); // 49 days after the first login, 29 after the rotation

        Tokens.From(await rig.RefreshAsync(second.RefreshToken!));
    }

    [Fact]
    public async Task Refresh_ByAnotherClient_IsInvalidGrant()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync(scope: "webhook:read"));

        var answer = await rig.RefreshAsync(tokens.RefreshToken!, OAuthRig.Reader, OAuthRig.ReaderSecret);

        answer.AssertOAuthError(400, "invalid_grant");
        Tokens.From(await rig.RefreshAsync(tokens.RefreshToken!)); // the refused attempt did not use it up
    }

    [Fact]
    public async Task Refresh_WithWrongSecret_IsInvalidClient()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync());

        (await rig.RefreshAsync(tokens.RefreshToken!, secret: "wrong")).AssertOAuthError(401, "invalid_client");
    }

    [Fact]
    public async Task Refresh_WithNarrowerScope_NarrowsTheAccessToken_ButNotTheNextRefresh()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync(scope: "webhook:read webhook:write"));

        var narrow = Tokens.From(await rig.RefreshAsync(tokens.RefreshToken!, scope: "webhook:read"));
        Assert.Equal("webhook:read", narrow.Scope);
        Assert.Equal(403, (await rig.CallWithTokenAsync(HttpMethod.Post, "/api/v1/webhooks", narrow.AccessToken)).Status);

        // RFC 6749 6: the new refresh token keeps the original scope.
        var again = Tokens.From(await rig.RefreshAsync(narrow.RefreshToken!));
        Assert.Equal(["webhook:read", "webhook:write"], again.Scope.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Refresh_WithWiderScope_IsInvalidScope()
    {
        await using var rig = await OAuthRig.StartAsync();
        var tokens = await rig.ExchangeAsync(await rig.CodeAsync(scope: "webhook:read"));

        var answer = await rig.RefreshAsync(tokens.RefreshToken!, scope: "webhook:read webhook:delete");

        answer.AssertOAuthError(400, "invalid_scope");
        Assert.Contains("webhook:delete", answer.Field("error_description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessTokenFromBeforeARefresh_StaysValidUntilItExpires()
    {
        await using var rig = await OAuthRig.StartAsync();
        var first = await rig.ExchangeAsync(await rig.CodeAsync());

        Tokens.From(await rig.RefreshAsync(first.RefreshToken!));

        Assert.Equal(200, (await rig.CallWithTokenAsync(HttpMethod.Get, "/api/v1/webhooks", first.AccessToken)).Status);
    }
}
