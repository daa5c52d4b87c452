using SoundBoxSim.SePay.Tests.UserApi.Support;
using SoundBoxSim.SePay.UserApi;
using static SoundBoxSim.SePay.Tests.UserApi.Support.UserApiRig;

namespace SoundBoxSim.SePay.Tests.UserApi;

/// <summary>The legacy API's limit (contract §8.2: 2 requests per second per token; 429 with x-sepay-userapi-retry-after), on the virtual clock.</summary>
public sealed class RateLimitTests
{
    private const string Route = "/userapi/transactions/count";

    /// <summary>The rig with the limit the options give by default.</summary>
    private static Task<UserApiRig> StartWithDefaultLimitAsync() =>
        StartAsync(o => o with { RequestsPerSecond = new UserApiOptions().RequestsPerSecond });

    private static async Task AssertPassesAsync(UserApiRig rig, string token = UserApiOptions.DefaultToken, string route = Route)
    {
        var answer = await rig.GetAsync(route, token);
        Assert.True(answer.Status == 200, $"{rig.Time.GetUtcNow():HH:mm:ss.fff}: HTTP {answer.Status} {answer.Body}");
        Assert.Null(answer.RetryAfter);
    }

    private static async Task AssertLimitedAsync(UserApiRig rig, string token = UserApiOptions.DefaultToken, string route = Route)
    {
        var answer = await rig.GetAsync(route, token);
        Assert.True(answer.Status == 429, $"{rig.Time.GetUtcNow():HH:mm:ss.fff}: HTTP {answer.Status} {answer.Body}");
        Assert.Equal("1", answer.RetryAfter);
        Assert.Equal("application/json", answer.MediaType);
        var body = answer.Json();
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.False(body.GetProperty("messages").GetProperty("success").GetBoolean());
        Assert.Contains("too many requests", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoPass_TheThirdIs429WithTheHeader_AnotherTokenIsNotAffected_AndOneSecondLaterItPasses()
    {
        await using var rig = await StartWithDefaultLimitAsync();

        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);

        await AssertPassesAsync(rig, OtherToken);
        await AssertPassesAsync(rig, OtherToken);
        await AssertLimitedAsync(rig, OtherToken);

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig, OtherToken);
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
    }

    [Fact]
    public async Task TheWindowSlides_ABurstAcrossAClockSecond_IsLimitedToo()
    {
        await using var rig = await StartWithDefaultLimitAsync();
        Assert.Equal(0, rig.Time.GetUtcNow().Millisecond); // the rig starts on a whole second

        rig.Time.Advance(TimeSpan.FromMilliseconds(900)); // .900
        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        rig.Time.Advance(TimeSpan.FromMilliseconds(200)); // 1.100: a new clock second, but both are less than 1 s old
        await AssertLimitedAsync(rig);
        rig.Time.Advance(TimeSpan.FromMilliseconds(799)); // 1.899
        await AssertLimitedAsync(rig);
        rig.Time.Advance(TimeSpan.FromMilliseconds(1)); // 1.900: exactly 1 s after both
        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
    }

    [Fact]
    public async Task ASlotFrees_OneSecondAfterTheRequestThatTookIt()
    {
        await using var rig = await StartWithDefaultLimitAsync();

        await AssertPassesAsync(rig); // 0.0
        rig.Time.Advance(TimeSpan.FromMilliseconds(500));
        await AssertPassesAsync(rig); // 0.5
        await AssertLimitedAsync(rig);
        rig.Time.Advance(TimeSpan.FromMilliseconds(500)); // 1.0: the first slot is free, the second is not
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
        rig.Time.Advance(TimeSpan.FromMilliseconds(500)); // 1.5: the 0.5 slot is free
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
    }

    [Fact]
    public async Task RefusedRequests_TakeNoSlot()
    {
        await using var rig = await StartWithDefaultLimitAsync();

        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        for (var i = 0; i < 5; i++)
        {
            await AssertLimitedAsync(rig);
            rig.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        rig.Time.Advance(TimeSpan.FromMilliseconds(500)); // 1.0 after the two that passed
        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
    }

    [Fact]
    public async Task RequestsWithoutAValidToken_AreNotLimited_AndDoNotUseAToken()
    {
        await using var rig = await StartWithDefaultLimitAsync();

        for (var i = 0; i < 10; i++)
        {
            var anonymous = await rig.GetAsync(Route, token: null);
            var wrong = await rig.GetAsync(Route, token: "not-a-token");
            Assert.Equal((200, "", 200, ""), (anonymous.Status, anonymous.Body, wrong.Status, wrong.Body));
        }

        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
    }

    [Fact]
    public async Task EveryAnswerCounts_ErrorsIncluded_AcrossAllRoutesOfTheToken()
    {
        await using var rig = await StartWithDefaultLimitAsync();

        (await rig.GetAsync("/userapi/transactions/list?since_id=abc")).AssertBusinessError(400);
        (await rig.GetAsync("/userapi/bankaccounts/details/999")).AssertBusinessError(404);
        await AssertLimitedAsync(rig, route: "/userapi/bankaccounts/list");
        await AssertLimitedAsync(rig, route: "/userapi/transactions/details/1");
    }

    [Fact]
    public async Task ThreePerSecond_AsTheNewerPageSays_WhenConfigured()
    {
        await using var rig = await StartAsync(o => o with { RequestsPerSecond = 3 });

        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        await AssertPassesAsync(rig);
        await AssertLimitedAsync(rig);
    }

    [Fact]
    public async Task Zero_TurnsTheLimitOff()
    {
        await using var rig = await StartAsync(o => o with { RequestsPerSecond = 0 });

        for (var i = 0; i < 20; i++)
        {
            await AssertPassesAsync(rig);
        }
    }
}
