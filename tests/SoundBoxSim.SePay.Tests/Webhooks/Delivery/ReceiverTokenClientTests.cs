using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class ReceiverTokenClientTests : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ManualTimeProvider _time = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task GetToken_PostsClientIdAndSecretAsJson_AndReadsTheDataObject()
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) => LoopbackReceiver.Answer(c, 200,
            """{"data": {"accessToken": "eyJ.access", "refreshToken": "eyJ.refresh", "expiredIn": 3600}}"""));
        await using var client = new ReceiverTokenClient(_http, _time);

        var token = await client.GetTokenAsync(new WebhookOAuth(receiver.Url("/oauth/token").AbsoluteUri, "my-client", "my-secret \"quoted\""), Token);

        Assert.Equal(("eyJ.access", "eyJ.refresh", TimeSpan.FromHours(1), ManualTimeProvider.DefaultStart),
            (token.AccessToken, token.RefreshToken, token.ExpiresIn, token.ObtainedAt));
        var request = await receiver.NextAsync();
        Assert.Equal(("POST", "/oauth/token"), (request.Method, request.Path));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["clientId", "clientSecret"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("my-client", body.RootElement.GetProperty("clientId").GetString());
        Assert.Equal("my-secret \"quoted\"", body.RootElement.GetProperty("clientSecret").GetString());
        Assert.DoesNotContain("grant_type", System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetToken_IsCachedUntilExpiryMinusTheMargin_ThenFetchedAgain()
    {
        var issued = 0;
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) => LoopbackReceiver.Answer(c, 200,
            $$$"""{"data": {"accessToken": "token-{{{Interlocked.Increment(ref issued)}}}", "refreshToken": "r", "expiredIn": 3600}}"""));
        await using var client = new ReceiverTokenClient(_http, _time, new ReceiverTokenOptions { ExpiryMargin = TimeSpan.FromSeconds(30) });
        var oauth = new WebhookOAuth(receiver.Url("/token").AbsoluteUri, "c", "s");

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("token-1", (await client.GetTokenAsync(oauth, Token)).AccessToken);
        }

        // 3600 s - 30 s margin = 3570 s: still the first token one second before, a new one at 3570 s.
        _time.Advance(TimeSpan.FromSeconds(3569));
        Assert.Equal("token-1", (await client.GetTokenAsync(oauth, Token)).AccessToken);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", (await client.GetTokenAsync(oauth, Token)).AccessToken);
        Assert.Equal("token-2", (await client.GetTokenAsync(oauth, Token)).AccessToken);
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task ConcurrentCallers_ShareOneRequest()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var issued = 0;
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, _) =>
        {
            var n = Interlocked.Increment(ref issued);
            await gate.Task.WaitAsync(c.RequestAborted);
            // expiredIn shorter than the margin: never cached, so only sharing the flight explains a single request.
            await LoopbackReceiver.Answer(c, 200, $$$"""{"data": {"accessToken": "shared-{{{n}}}", "expiredIn": 1}}""");
        });
        await using var client = new ReceiverTokenClient(_http, _time);
        var oauth = new WebhookOAuth(receiver.Url("/token").AbsoluteUri, "c", "s");

        var waiters = Enumerable.Range(0, 25).Select(_ => client.GetTokenAsync(oauth, Token)).ToArray();
        await receiver.NextAsync();
        gate.SetResult();
        var tokens = await Task.WhenAll(waiters);

        Assert.All(tokens, t => Assert.Equal("shared-1", t.AccessToken));
        Assert.Equal(1, receiver.Count);
        Assert.Equal("shared-2", (await client.GetTokenAsync(oauth, Token)).AccessToken);
    }

    [Fact]
    public async Task ACancelledWaiter_LeavesTheOthersTheirToken()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, _) =>
        {
            await gate.Task.WaitAsync(c.RequestAborted);
            await LoopbackReceiver.Answer(c, 200, """{"data": {"accessToken": "t", "expiredIn": 3600}}""");
        });
        await using var client = new ReceiverTokenClient(_http, _time);
        var oauth = new WebhookOAuth(receiver.Url("/token").AbsoluteUri, "c", "s");
        using var cancel = new CancellationTokenSource();

        var cancelled = client.GetTokenAsync(oauth, cancel.Token);
        var other = client.GetTokenAsync(oauth, Token);
        await receiver.NextAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        gate.SetResult();

        Assert.Equal("t", (await other).AccessToken);
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task KeysAreTokenUrlAndClientId_AndANewSecretIsAMiss()
    {
        var issued = 0;
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) => LoopbackReceiver.Answer(c, 200,
            $$$"""{"data": {"accessToken": "t{{{Interlocked.Increment(ref issued)}}}", "expiredIn": 3600}}"""));
        await using var client = new ReceiverTokenClient(_http, _time);
        var url = receiver.Url("/token").AbsoluteUri;

        Assert.Equal("t1", (await client.GetTokenAsync(new(url, "a", "s"), Token)).AccessToken);
        Assert.Equal("t2", (await client.GetTokenAsync(new(url, "b", "s"), Token)).AccessToken);
        Assert.Equal("t3", (await client.GetTokenAsync(new(receiver.Url("/other").AbsoluteUri, "a", "s"), Token)).AccessToken);
        Assert.Equal("t1", (await client.GetTokenAsync(new(url, "a", "s"), Token)).AccessToken);
        Assert.Equal("t4", (await client.GetTokenAsync(new(url, "a", "rotated"), Token)).AccessToken);
        Assert.True(client.Invalidate(new(url, "a", "rotated")));
        Assert.Equal("t5", (await client.GetTokenAsync(new(url, "a", "rotated"), Token)).AccessToken);
    }

    [Theory]
    [InlineData("""{"data": {"accessToken": "x", "expiredIn": 60}}""")]
    [InlineData("""{"data": {"accessToken": "x", "refreshToken": null, "expiredIn": 60}}""")]
    [InlineData("""{"data": {"accessToken": "x", "refreshToken": 7, "expiredIn": "60"}}""")]
    [InlineData("""{"data": {"accessToken": "x", "expiredIn": 60.0, "tokenType": "bearer"}, "code": 200}""")]
    public async Task Tolerates_NoRefreshToken_AndNumericStrings(string answer)
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) => LoopbackReceiver.Answer(c, 201, answer));
        await using var client = new ReceiverTokenClient(_http, _time);

        var token = await client.GetTokenAsync(new(receiver.Url("/token").AbsoluteUri, "c", "s"), Token);

        Assert.Equal(("x", TimeSpan.FromMinutes(1), (string?)null), (token.AccessToken, token.ExpiresIn, token.RefreshToken));
    }

    [Theory]
    [InlineData(500, """{"error": "boom"}""", ReceiverTokenFailure.HttpStatus, "HTTP 500")]
    [InlineData(401, "Unauthorized", ReceiverTokenFailure.HttpStatus, "HTTP 401")]
    [InlineData(200, "<html>not json</html>", ReceiverTokenFailure.BadJson, "not JSON")]
    [InlineData(200, "", ReceiverTokenFailure.BadJson, "not JSON")]
    [InlineData(200, """{"accessToken": "x", "expiredIn": 60}""", ReceiverTokenFailure.MissingField, "\"data\"")]
    [InlineData(200, """{"data": {"expiredIn": 60}}""", ReceiverTokenFailure.MissingField, "data.accessToken")]
    [InlineData(200, """{"data": {"accessToken": "x"}}""", ReceiverTokenFailure.MissingField, "data.expiredIn")]
    [InlineData(200, """{"data": {"accessToken": "", "expiredIn": 60}}""", ReceiverTokenFailure.InvalidField, "data.accessToken")]
    [InlineData(200, """{"data": {"accessToken": "x", "expiredIn": 0}}""", ReceiverTokenFailure.InvalidField, "data.expiredIn")]
    [InlineData(200, """{"data": {"accessToken": "x", "expiredIn": "soon"}}""", ReceiverTokenFailure.InvalidField, "data.expiredIn")]
    public async Task BadAnswers_FailWithAReasonTheLogCanKeep(int status, string answer, ReceiverTokenFailure failure, string mentions)
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) => LoopbackReceiver.Answer(c, status, answer));
        await using var client = new ReceiverTokenClient(_http, _time);
        var url = receiver.Url("/token").AbsoluteUri;

        var error = await Assert.ThrowsAsync<ReceiverTokenException>(() => client.GetTokenAsync(new(url, "c", "s"), Token));

        Assert.Equal((failure, url, status, answer), (error.Failure, error.TokenUrl, error.StatusCode, error.ResponseBody));
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailure_IsNotCached()
    {
        var calls = 0;
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) => Interlocked.Increment(ref calls) == 1
            ? LoopbackReceiver.Answer(c, 503, "busy")
            : LoopbackReceiver.Answer(c, 200, """{"data": {"accessToken": "ok", "expiredIn": 60}}"""));
        await using var client = new ReceiverTokenClient(_http, _time);
        var oauth = new WebhookOAuth(receiver.Url("/token").AbsoluteUri, "c", "s");

        await Assert.ThrowsAsync<ReceiverTokenException>(() => client.GetTokenAsync(oauth, Token));
        Assert.Equal("ok", (await client.GetTokenAsync(oauth, Token)).AccessToken);
    }

    [Fact]
    public async Task AnUnreachableEndpoint_IsUnreachable()
    {
        await using var client = new ReceiverTokenClient(_http, _time);
        var url = $"http://127.0.0.1:{ClosedPort.Find()}/token";

        var error = await Assert.ThrowsAsync<ReceiverTokenException>(() => client.GetTokenAsync(new(url, "c", "s"), Token));

        Assert.Equal((ReceiverTokenFailure.Unreachable, (int?)null), (error.Failure, error.StatusCode));
    }

    [Fact]
    public async Task AHangingEndpoint_TimesOutOnTheClientsClock()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, _) =>
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, c.RequestAborted));
        await using var client = new ReceiverTokenClient(_http, _time, new ReceiverTokenOptions { RequestTimeout = TimeSpan.FromSeconds(8) });

        var pending = client.GetTokenAsync(new(receiver.Url("/token").AbsoluteUri, "c", "s"), Token);
        await receiver.NextAsync();
        _time.Advance(TimeSpan.FromSeconds(7.9));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<ReceiverTokenException>(() => pending);
        Assert.Equal(ReceiverTokenFailure.Timeout, error.Failure);
        Assert.Contains("8 s", error.Message, StringComparison.Ordinal);
    }
}
