using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

/// <summary>
/// One attempt against real receivers on loopback. Timeouts run on a <see cref="ManualTimeProvider"/>: a test waits
/// for the request to arrive (or for the connect timer to be armed), then moves the clock, so the seed's real 5 s and
/// 8 s timeouts are tested without waiting for them.
/// </summary>
public sealed class WebhookSenderTests
{
    private const string ApiKey = "a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7";
    private const string SecretKey = "whsec_a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7";
    private const string Success = """{"success": true}""";

    private readonly ManualTimeProvider _time = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<WebhookAuthType, WebhookContentType> Combinations()
    {
        var data = new TheoryData<WebhookAuthType, WebhookContentType>();
        foreach (var auth in Enum.GetValues<WebhookAuthType>())
        {
            foreach (var type in Enum.GetValues<WebhookContentType>())
            {
                data.Add(auth, type);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task EveryAuthModeAndContentType_ArrivesAsSePaySendsIt(WebhookAuthType auth, WebhookContentType contentType)
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, r) => r.Path == "/token"
            ? LoopbackReceiver.Answer(c, 200, """{"data": {"accessToken": "tok-1", "refreshToken": "ref-1", "expiredIn": 3600}}""")
            : LoopbackReceiver.Answer(c, 201, Success));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });
        var settings = Settings(receiver.Url(), auth, receiver) with { ContentType = contentType };

        var record = await sender.SendAsync(settings, Payloads.Awkward, Token);

        Assert.Equal((AttemptVerdict.Succeeded, AttemptErrorKind.None, (int?)201, (string?)null),
            (record.Verdict, record.ErrorKind, record.ResponseStatus, record.ErrorMessage));
        var requests = receiver.Drain();
        var hook = Assert.Single(requests, r => r.Path == "/hook");
        Assert.Equal(auth == WebhookAuthType.OAuth2 ? 1 : 0, requests.Count(r => r.Path == "/token"));
        Assert.Equal("POST", hook.Method);
        Assert.Equal(record.RequestBody, Encoding.UTF8.GetString(hook.Body));
        Assert.Equal(receiver.Url().AbsoluteUri, record.RequestUrl);

        var expected = Payloads.ExpectedFormValues(Payloads.Awkward);
        switch (contentType)
        {
            case WebhookContentType.Json:
                Assert.Equal("application/json", hook.Header("Content-Type"));
                AssertJsonFields(hook.Body);
                break;
            case WebhookContentType.FormUrlEncoded:
                Assert.Equal("application/x-www-form-urlencoded", hook.Header("Content-Type"));
                Assert.Equal(expected, hook.Form);
                break;
            case WebhookContentType.MultipartFormData:
                Assert.StartsWith("multipart/form-data; boundary=", hook.Header("Content-Type"), StringComparison.Ordinal);
                Assert.Equal(expected, hook.Form);
                Assert.Equal(0, hook.FormFiles);
                break;
        }

        switch (auth)
        {
            case WebhookAuthType.None:
                Assert.Null(hook.Header("Authorization"));
                Assert.Null(hook.Header("X-SePay-Signature"));
                break;
            case WebhookAuthType.ApiKey:
                Assert.Equal("Apikey " + ApiKey, hook.Header("Authorization"));
                break;
            case WebhookAuthType.HmacSha256:
                Assert.Null(hook.Header("Authorization"));
                Assert.Equal("1767225600", hook.Header("X-SePay-Timestamp")); // the fake clock's 2026-01-01T00:00:00Z
                Assert.Equal(await NodeHmac.SignAsync(SecretKey, "1767225600", hook.Body), hook.Header("X-SePay-Signature"));
                break;
            case WebhookAuthType.OAuth2:
                Assert.Equal("Bearer tok-1", hook.Header("Authorization"));
                break;
        }

        // The record shows the headers the receiver got.
        foreach (var (name, value) in record.RequestHeaders)
        {
            Assert.Equal(value, hook.Header(name));
        }
    }

    [Fact]
    public async Task OAuth2_OneTokenServesManyDeliveries_UntilItExpiresOnTheClock()
    {
        var issued = 0;
        await using var receiver = await LoopbackReceiver.StartAsync((c, r) => r.Path == "/token"
            ? LoopbackReceiver.Answer(c, 200, $$$"""{"data": {"accessToken": "tok-{{{Interlocked.Increment(ref issued)}}}", "refreshToken": "r", "expiredIn": 3600}}""")
            : LoopbackReceiver.Answer(c, 201, Success));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });
        var settings = Settings(receiver.Url(), WebhookAuthType.OAuth2, receiver);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(AttemptVerdict.Succeeded, (await sender.SendAsync(settings, Payloads.SeedExample, Token)).Verdict);
        }

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => sender.SendAsync(settings, Payloads.SeedExample, Token)));
        _time.Advance(TimeSpan.FromSeconds(3600));
        Assert.Equal(AttemptVerdict.Succeeded, (await sender.SendAsync(settings, Payloads.SeedExample, Token)).Verdict);

        var requests = receiver.Drain();
        Assert.Equal(2, requests.Count(r => r.Path == "/token"));
        var bearers = requests.Where(r => r.Path == "/hook").Select(r => r.Header("Authorization")).ToList();
        Assert.Equal(16, bearers.Count);
        Assert.All(bearers[..15], b => Assert.Equal("Bearer tok-1", b));
        Assert.Equal("Bearer tok-2", bearers[15]);
    }

    [Fact]
    public async Task OAuth2_ConcurrentFirstDeliveries_ShareOneTokenRequest()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, r) =>
        {
            if (r.Path == "/token")
            {
                await gate.Task.WaitAsync(c.RequestAborted);
                await LoopbackReceiver.Answer(c, 200, """{"data": {"accessToken": "tok", "expiredIn": 3600}}""");
            }
            else
            {
                await LoopbackReceiver.Answer(c, 201, Success);
            }
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });
        var settings = Settings(receiver.Url(), WebhookAuthType.OAuth2, receiver);

        var deliveries = Enumerable.Range(0, 12).Select(_ => sender.SendAsync(settings, Payloads.SeedExample, Token)).ToArray();
        Assert.Equal("/token", (await receiver.NextAsync()).Path);
        gate.SetResult();
        var records = await Task.WhenAll(deliveries);

        Assert.All(records, r => Assert.Equal(AttemptVerdict.Succeeded, r.Verdict));
        Assert.DoesNotContain(receiver.Drain(), r => r.Path == "/token"); // the first was taken above
    }

    [Fact]
    public async Task OAuth2_On200_FailsForGood_BecauseSePayWants201()
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, r) => r.Path == "/token"
            ? LoopbackReceiver.Answer(c, 200, """{"data": {"accessToken": "tok", "expiredIn": 3600}}""")
            : LoopbackReceiver.Answer(c, 200, Success));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url(), WebhookAuthType.OAuth2, receiver) with { RetryOnNon2xx = true }, Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.FailedFinal, AttemptErrorKind.None, (int?)200), (record.Verdict, record.ErrorKind, record.ResponseStatus));
        Assert.Contains("201", record.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OAuth2_AFailedTokenRequest_IsRetryable_AndTheWebhookIsNotCalled()
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, r) => r.Path == "/token"
            ? LoopbackReceiver.Answer(c, 500, """{"error": "token store down"}""")
            : LoopbackReceiver.Answer(c, 201, Success));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url(), WebhookAuthType.OAuth2, receiver), Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.TokenFailed, (int?)null), (record.Verdict, record.ErrorKind, record.ResponseStatus));
        Assert.Contains("HTTP 500", record.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("token store down", record.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.Drain(), r => r.Path == "/hook");
    }

    [Fact]
    public async Task OAuth2_A401FromTheWebhook_DropsTheToken_SoTheNextAttemptGetsANewOne()
    {
        var issued = 0;
        var hookCalls = 0;
        await using var receiver = await LoopbackReceiver.StartAsync((c, r) => r.Path == "/token"
            ? LoopbackReceiver.Answer(c, 200, $$$"""{"data": {"accessToken": "tok-{{{Interlocked.Increment(ref issued)}}}", "expiredIn": 3600}}""")
            : Interlocked.Increment(ref hookCalls) == 1
                ? LoopbackReceiver.Answer(c, 401, """{"success": false, "message": "Unauthorized"}""")
                : LoopbackReceiver.Answer(c, 201, Success));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });
        var settings = Settings(receiver.Url(), WebhookAuthType.OAuth2, receiver) with { RetryOnNon2xx = true };

        Assert.Equal(AttemptVerdict.FailedRetryable, (await sender.SendAsync(settings, Payloads.SeedExample, Token)).Verdict);
        Assert.Equal(AttemptVerdict.Succeeded, (await sender.SendAsync(settings, Payloads.SeedExample, Token)).Verdict);

        var bearers = receiver.Drain().Where(r => r.Path == "/hook").Select(r => r.Header("Authorization"));
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], bearers);
    }

    [Fact]
    public async Task AReceiverThatHangs_TimesOutAfterTheSeeds8Seconds()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, _) =>
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, c.RequestAborted));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var pending = sender.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, Token);
        await receiver.NextAsync();
        _time.Advance(TimeSpan.FromMilliseconds(7999));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var record = await pending.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.ResponseTimeout, (int?)null, TimeSpan.FromSeconds(8)),
            (record.Verdict, record.ErrorKind, record.ResponseStatus, record.Duration));
        Assert.Contains("8 s", record.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiverThatAnswersSlowly_ButInTime_Succeeds()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, _) =>
        {
            await gate.Task.WaitAsync(c.RequestAborted);
            await LoopbackReceiver.Answer(c, 200, Success);
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var pending = sender.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, Token);
        await receiver.NextAsync();
        _time.Advance(TimeSpan.FromSeconds(7.5));
        gate.SetResult();
        var record = await pending.WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Equal((AttemptVerdict.Succeeded, (int?)200, TimeSpan.FromSeconds(7.5)), (record.Verdict, record.ResponseStatus, record.Duration));
    }

    [Fact]
    public async Task AHostThatNeverAcceptsTheConnection_TimesOutAfterTheSeeds5Seconds()
    {
        // A listen backlog of 0 holds one unaccepted connection; with it taken, the kernel drops further SYNs, so
        // connecting hangs, as it does to a host that is down.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = Enumerable.Range(0, 3).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray();
        using var stopFillers = new CancellationTokenSource();
        try
        {
            var connects = fillers.Select(f => f.ConnectAsync(endpoint, stopFillers.Token).AsTask()).ToArray();
            await Task.WhenAny(connects).WaitAsync(TimeSpan.FromSeconds(30), Token);
            await using var sender = new WebhookSender(new() { TimeProvider = _time });

            var pending = sender.SendAsync(Settings(new Uri($"http://127.0.0.1:{endpoint.Port}/hook")), Payloads.SeedExample, Token);
            await _time.WaitForPendingTimersAsync(2, Token).WaitAsync(TimeSpan.FromSeconds(30), Token); // response and connect timers
            _time.Advance(TimeSpan.FromMilliseconds(4999));
            Assert.False(pending.IsCompleted);
            _time.Advance(TimeSpan.FromMilliseconds(1));
            var record = await pending.WaitAsync(TimeSpan.FromSeconds(30), Token);

            Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.ConnectTimeout, (int?)null, TimeSpan.FromSeconds(5)),
                (record.Verdict, record.ErrorKind, record.ResponseStatus, record.Duration));
            Assert.Contains("5 s", record.ErrorMessage, StringComparison.Ordinal);
        }
        finally
        {
            await stopFillers.CancelAsync();
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }

    [Fact]
    public async Task ARefusedConnection_IsConnectFailed_AndRetryable()
    {
        var port = ClosedPort.Find();
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(new Uri($"http://127.0.0.1:{port}/hook")), Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.ConnectFailed, (int?)null, (string?)null),
            (record.Verdict, record.ErrorKind, record.ResponseStatus, record.ResponseBody));
        Assert.Contains($"127.0.0.1:{port}", record.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReceiverThatResetsTheConnection_IsConnectionReset_AndRetryable(bool afterReadingTheRequest)
    {
        await using var receiver = RawTcpReceiver.Start(async (socket, stop) =>
        {
            if (afterReadingTheRequest)
            {
                await RawTcpReceiver.ReadHeadersAsync(socket, stop);
            }

            RawTcpReceiver.Reset(socket);
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url), Payloads.SeedExample, Token);

        Assert.True(record.ErrorKind == AttemptErrorKind.ConnectionReset, record.ErrorMessage);
        Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.ConnectionReset, (int?)null),
            (record.Verdict, record.ErrorKind, record.ResponseStatus));
        Assert.Equal(1, receiver.Accepted);
    }

    [Fact]
    public async Task AReceiverThatClosesWithoutAnswering_IsConnectionReset()
    {
        await using var receiver = RawTcpReceiver.Start(async (socket, stop) =>
        {
            await RawTcpReceiver.ReadHeadersAsync(socket, stop);
            socket.Shutdown(SocketShutdown.Both);
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url), Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.ConnectionReset), (record.Verdict, record.ErrorKind));
    }

    [Fact]
    public async Task AReceiverThatAnswersGarbage_IsBadResponse()
    {
        await using var receiver = RawTcpReceiver.Start(async (socket, stop) =>
        {
            await RawTcpReceiver.ReadHeadersAsync(socket, stop);
            await socket.SendAsync("HELLO FROM NOT HTTP\r\n\r\n"u8.ToArray(), stop);
            socket.Shutdown(SocketShutdown.Both);
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url), Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.FailedRetryable, AttemptErrorKind.BadResponse, (int?)null), (record.Verdict, record.ErrorKind, record.ResponseStatus));
    }

    [Theory]
    [InlineData(false, AttemptVerdict.FailedFinal)]
    [InlineData(true, AttemptVerdict.FailedRetryable)]
    public async Task A500_IsRetriedOnlyWithTheNon2xxRetryCondition(bool retryOnNon2xx, AttemptVerdict verdict)
    {
        await using var receiver = await LoopbackReceiver.AnsweringAsync(500, """{"error": "db down"}""");
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url()) with { RetryOnNon2xx = retryOnNon2xx }, Payloads.SeedExample, Token);

        Assert.Equal((verdict, AttemptErrorKind.None, (int?)500, """{"error": "db down"}"""),
            (record.Verdict, record.ErrorKind, record.ResponseStatus, record.ResponseBody));
        Assert.Contains("HTTP 500", record.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A200WithTheWrongBody_FailsAndIsNotRetried_EvenWithTheRetryCondition()
    {
        await using var receiver = await LoopbackReceiver.AnsweringAsync(200, """{"status": "received"}""");
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url()) with { RetryOnNon2xx = true }, Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.FailedFinal, AttemptErrorKind.None, (int?)200), (record.Verdict, record.ErrorKind, record.ResponseStatus));
        Assert.Contains("""{"status": "received"}""", record.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLenientRule_AcceptsA204WithNoBody()
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) =>
        {
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var lenient = await sender.SendAsync(Settings(receiver.Url()) with { SuccessRule = SuccessRule.Lenient }, Payloads.SeedExample, Token);
        var strict = await sender.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, Token);

        Assert.Equal((AttemptVerdict.Succeeded, (int?)204), (lenient.Verdict, lenient.ResponseStatus));
        Assert.Equal(AttemptVerdict.FailedFinal, strict.Verdict);
    }

    [Theory]
    [InlineData(false, AttemptVerdict.FailedFinal)]
    [InlineData(true, AttemptVerdict.FailedRetryable)]
    public async Task ARedirect_IsNotFollowed_AndTheRecordNamesTheLocation(bool retryOnNon2xx, AttemptVerdict verdict)
    {
        await using var receiver = await LoopbackReceiver.StartAsync((c, r) =>
        {
            if (r.Path == "/hook")
            {
                c.Response.StatusCode = 302;
                c.Response.Headers.Location = "https://new-home.example/webhooks/sepay";
                return Task.CompletedTask;
            }

            return LoopbackReceiver.Answer(c, 200, Success);
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url()) with { RetryOnNon2xx = retryOnNon2xx }, Payloads.SeedExample, Token);

        Assert.Equal((verdict, AttemptErrorKind.Redirect, (int?)302), (record.Verdict, record.ErrorKind, record.ResponseStatus));
        Assert.Contains("https://new-home.example/webhooks/sepay", record.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(record.ResponseHeaders, h => h.Key == "Location" && h.Value == "https://new-home.example/webhooks/sepay");
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task TheResponse_IsRecordedWithItsHeaders_AndItsBodyCutAt64KiB()
    {
        var big = new string('a', 100_000);
        await using var receiver = await LoopbackReceiver.StartAsync((c, _) =>
        {
            c.Response.Headers["X-Receiver"] = "sbsim-test";
            return LoopbackReceiver.Answer(c, 200, big, "text/plain");
        });
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, Token);

        Assert.Equal(64 * 1024, record.ResponseBody!.Length);
        Assert.True(record.ResponseBodyTruncated);
        Assert.Contains(record.ResponseHeaders, h => h.Key == "X-Receiver" && h.Value == "sbsim-test");
        Assert.Contains(record.ResponseHeaders, h => h.Key == "Content-Type" && h.Value == "text/plain");
        Assert.Equal(AttemptVerdict.FailedFinal, record.Verdict);
        Assert.Equal(ManualTimeProvider.DefaultStart, record.StartedAt);
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimit_IsNotTruncated()
    {
        await using var receiver = await LoopbackReceiver.AnsweringAsync(200, "0123456789");
        await using var sender = new WebhookSender(new() { TimeProvider = _time, MaxResponseBodyBytes = 10 });
        await using var tighter = new WebhookSender(new() { TimeProvider = _time, MaxResponseBodyBytes = 9 });

        var exact = await sender.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, Token);
        var cut = await tighter.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, Token);

        Assert.Equal(("0123456789", false), (exact.ResponseBody, exact.ResponseBodyTruncated));
        Assert.Equal(("012345678", true), (cut.ResponseBody, cut.ResponseBodyTruncated));
    }

    [Fact]
    public async Task Masked_HidesTheCredential_AndLeavesTheRecordAlone()
    {
        await using var receiver = await LoopbackReceiver.AnsweringAsync(200, Success);
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        var record = await sender.SendAsync(Settings(receiver.Url(), WebhookAuthType.ApiKey), Payloads.SeedExample, Token);
        var masked = record.Masked();

        Assert.Contains(masked.RequestHeaders, h => h.Key == "Authorization" && h.Value == "Apikey ****d6e7");
        Assert.Contains(record.RequestHeaders, h => h.Key == "Authorization" && h.Value == "Apikey " + ApiKey);
        Assert.DoesNotContain(ApiKey, masked.ToCurl(), StringComparison.Ordinal);
        Assert.Equal(record.RequestBody, masked.RequestBody);
    }

    [Theory]
    [InlineData(WebhookAuthType.ApiKey, WebhookContentType.Json)]
    [InlineData(WebhookAuthType.HmacSha256, WebhookContentType.MultipartFormData)]
    [InlineData(WebhookAuthType.HmacSha256, WebhookContentType.FormUrlEncoded)]
    public async Task ToCurl_RunInBash_SendsTheSameRequestAgain(WebhookAuthType auth, WebhookContentType contentType)
    {
        var bash = ExternalTool.Require("bash", "bash");
        ExternalTool.Require("curl", "curl");
        await using var receiver = await LoopbackReceiver.AnsweringAsync(200, Success);
        await using var sender = new WebhookSender(new() { TimeProvider = _time });
        var record = await sender.SendAsync(Settings(receiver.Url(), auth) with { ContentType = contentType }, Payloads.Awkward, Token);
        var original = await receiver.NextAsync();

        var result = await ProcessRunner.RunAsync(bash, ["-c", record.ToCurl() + " --silent --show-error --fail"], cancellationToken: Token);
        result.EnsureSuccess("curl");
        var replayed = await receiver.NextAsync();

        Assert.Equal(original.Body, replayed.Body);
        Assert.Equal(Success, result.StandardOutput);
        foreach (var name in new[] { "Content-Type", "Authorization", "X-SePay-Timestamp", "X-SePay-Signature" })
        {
            Assert.Equal(original.Header(name), replayed.Header(name));
        }

        if (auth == WebhookAuthType.HmacSha256)
        {
            Assert.Equal(await NodeHmac.SignAsync(SecretKey, replayed.Header("X-SePay-Timestamp")!, replayed.Body), replayed.Header("X-SePay-Signature"));
        }

        if (contentType != WebhookContentType.Json)
        {
            Assert.Equal(Payloads.ExpectedFormValues(Payloads.Awkward), replayed.Form);
        }
    }

    [Fact]
    public async Task SendAsync_WithCancellation_Throws_AndMakesNoRecord()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(async (c, _) =>
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, c.RequestAborted));
        await using var sender = new WebhookSender(new() { TimeProvider = _time });
        using var cancel = new CancellationTokenSource();

        var pending = sender.SendAsync(Settings(receiver.Url()), Payloads.SeedExample, cancel.Token);
        await receiver.NextAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task SendAsync_RefusesSettingsWithoutTheirSecret()
    {
        await using var sender = new WebhookSender(new() { TimeProvider = _time });

        await Assert.ThrowsAsync<ArgumentException>(() => sender.SendAsync(
            new WebhookDeliverySettings { Url = new Uri("http://127.0.0.1:9/hook"), AuthType = WebhookAuthType.HmacSha256 }, Payloads.SeedExample, Token));
    }

    private static WebhookDeliverySettings Settings(Uri url, WebhookAuthType auth = WebhookAuthType.None, LoopbackReceiver? tokenReceiver = null) => new()
    {
        Url = url,
        AuthType = auth,
        ApiKey = auth == WebhookAuthType.ApiKey ? ApiKey : null,
        SecretKey = auth == WebhookAuthType.HmacSha256 ? SecretKey : null,
        OAuth = auth == WebhookAuthType.OAuth2 ? new WebhookOAuth(tokenReceiver!.Url("/token").AbsoluteUri, "sepay-client", "sepay-secret") : null,
    };

    private static void AssertJsonFields(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(100001, root.GetProperty("id").GetInt64());
        Assert.Equal("MBBank", root.GetProperty("gateway").GetString());
        Assert.Equal("2026-01-01 07:00:00", root.GetProperty("transactionDate").GetString());
        Assert.Equal("0359123456", root.GetProperty("accountNumber").GetString());
        Assert.Equal("DH1234", root.GetProperty("code").GetString());
        Assert.Equal("Thanh toán đơn hàng DH1234 & a=b+c 50%", root.GetProperty("content").GetString());
        Assert.Equal("out", root.GetProperty("transferType").GetString());
        Assert.Equal(1500000, root.GetProperty("transferAmount").GetInt64());
        Assert.Equal(98500000, root.GetProperty("accumulated").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("subAccount").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("referenceCode").ValueKind);
        Assert.Equal("MB: -1,500,000VND\nND: it's DH1234", root.GetProperty("description").GetString());
        Assert.Equal(12, root.EnumerateObject().Count());
    }
}
