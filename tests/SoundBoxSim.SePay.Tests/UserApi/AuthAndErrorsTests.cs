using System.Text;
using SoundBoxSim.SePay.Tests.UserApi.Support;
using SoundBoxSim.SePay.UserApi;
using static SoundBoxSim.SePay.Tests.UserApi.Support.UserApiRig;

namespace SoundBoxSim.SePay.Tests.UserApi;

public sealed class AuthAndErrorsTests
{
    public static TheoryData<string> Routes =>
    [
        "/userapi/transactions/list",
        "/userapi/transactions/count",
        "/userapi/transactions/details/{made}",
        "/userapi/bankaccounts/list",
        "/userapi/bankaccounts/count",
        "/userapi/bankaccounts/details/19",
    ];

    /// <summary>Authorization headers that must not let anyone in (raw header text; null = no header at all).</summary>
    private static readonly string?[] BadAuthorizations =
    [
        null,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong-token",
        "Bearer " + UserApiOptions.DefaultToken.ToUpperInvariant(), // tokens are case-sensitive
        "Bearer " + UserApiOptions.DefaultToken + "x",
        "Bearer " + UserApiOptions.DefaultToken[..^1],
        "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("user:" + UserApiOptions.DefaultToken)),
        "Token " + UserApiOptions.DefaultToken,
        UserApiOptions.DefaultToken, // no scheme
        "Bearer " + UserApiOptions.DefaultToken + " extra",
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithAGoodToken_AnswersTheSuccessEnvelope(string route)
    {
        await using var rig = await StartAsync();
        var made = rig.Transfer(150_000, "DH6001");

        var answer = await rig.GetAsync(route.Replace("{made}", made.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal(200, answer.Json().GetProperty("status").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRoute_WithoutAValidToken_AnswersHttp200_WithAnEmptyBody(string route)
    {
        await using var rig = await StartAsync();
        var made = rig.Transfer(150_000, "DH6001");
        route = route.Replace("{made}", made.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        foreach (var authorization in BadAuthorizations)
        {
            var answer = authorization is null ? await rig.GetAsync(route, token: null) : await rig.GetAsync(route, authorization: authorization);

            Assert.True(answer.Status == 200, $"'{authorization}': HTTP {answer.Status}");
            Assert.True(answer.Body.Length == 0, $"'{authorization}': body {answer.Body}");
            Assert.Null(answer.MediaType);
        }

        // Even a request that would be a 400 or 404 with a good token gives nothing away.
        Assert.Equal("", (await rig.GetAsync(route + "?since_id=abc", token: "wrong")).Body);
        Assert.Equal("", (await rig.GetAsync("/userapi/transactions/details/999999", token: "wrong")).Body);
        Assert.Empty(rig.ServerErrors);
    }

    [Fact]
    public async Task TheBearerScheme_IsCaseInsensitive_AndEveryConfiguredTokenWorks()
    {
        await using var rig = await StartAsync();

        Assert.Equal(200, (await rig.GetAsync("/userapi/transactions/count", authorization: "bearer " + UserApiOptions.DefaultToken)).Json().GetProperty("status").GetInt32());
        Assert.Equal(200, (await rig.GetAsync("/userapi/transactions/count", authorization: "BEARER " + UserApiOptions.DefaultToken)).Json().GetProperty("status").GetInt32());
        Assert.Equal(200, (await rig.GetAsync("/userapi/transactions/count", OtherToken)).Json().GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task TheDefaultOptions_AcceptTheDefaultToken_AndNoOther()
    {
        await using var rig = await StartAsync(_ => new UserApiOptions());

        Assert.Equal(200, (await rig.GetAsync("/userapi/bankaccounts/count", UserApiOptions.DefaultToken)).Json().GetProperty("status").GetInt32());
        Assert.Equal("", (await rig.GetAsync("/userapi/bankaccounts/count", OtherToken)).Body);
    }

    [Theory]
    [InlineData("/userapi/transactions/list", "since_id", "abc")]
    [InlineData("/userapi/transactions/list", "since_id", "-1")]
    [InlineData("/userapi/transactions/list", "since_id", "1.5")]
    [InlineData("/userapi/transactions/list", "since_id", " 5")]
    [InlineData("/userapi/transactions/list", "since_id", "99999999999999999999")]
    [InlineData("/userapi/transactions/list", "limit", "0")]
    [InlineData("/userapi/transactions/list", "limit", "1000000000000")]
    [InlineData("/userapi/transactions/list", "limit", "5001")]
    [InlineData("/userapi/transactions/list", "limit", "-3")]
    [InlineData("/userapi/transactions/list", "limit", "ten")]
    [InlineData("/userapi/transactions/list", "transaction_date_min", "2025-13-40")]
    [InlineData("/userapi/transactions/list", "transaction_date_max", "2025-02-30")]
    [InlineData("/userapi/transactions/list", "transaction_date_min", "2025-05-04T11:00:00")]
    [InlineData("/userapi/transactions/list", "transaction_date_min", "04/05/2025")]
    [InlineData("/userapi/transactions/list", "transaction_date_max", "2025-05-04 25:00:00")]
    [InlineData("/userapi/transactions/list", "transaction_date_max", "2025-05-04 11:00")]
    [InlineData("/userapi/transactions/list", "amount_in", "abc")]
    [InlineData("/userapi/transactions/list", "amount_in", "-5")]
    [InlineData("/userapi/transactions/list", "amount_in", "1e5")]
    [InlineData("/userapi/transactions/list", "amount_out", "1,000")]
    [InlineData("/userapi/transactions/list", "amount_out", "NaN")]
    [InlineData("/userapi/transactions/list", "amount_out", "99999999999999999999999999999999999")]
    [InlineData("/userapi/transactions/count", "since_id", "abc")]
    [InlineData("/userapi/transactions/count", "transaction_date_min", "2025-13-40")]
    [InlineData("/userapi/transactions/count", "amount_in", "x")]
    [InlineData("/userapi/bankaccounts/list", "limit", "0")]
    [InlineData("/userapi/bankaccounts/list", "limit", "1000000000000")]
    [InlineData("/userapi/bankaccounts/list", "since_id", "abc")]
    [InlineData("/userapi/bankaccounts/list", "accumulated_min", "x")]
    [InlineData("/userapi/bankaccounts/list", "accumulated_max", "-1")]
    [InlineData("/userapi/bankaccounts/list", "last_transaction_date_min", "2025-13-40")]
    [InlineData("/userapi/bankaccounts/list", "last_transaction_date_max", "2025-02-29")]
    [InlineData("/userapi/bankaccounts/count", "accumulated_min", "x")]
    [InlineData("/userapi/bankaccounts/count", "last_transaction_date_max", "yesterday")]
    public async Task ABadParameter_IsTheBusinessError400_NamingIt(string route, string parameter, string value)
    {
        await using var rig = await StartAsync();
        rig.Transfer(150_000, "DH6002");

        var answer = await rig.GetAsync(route + Query((parameter, value)));

        var error = answer.AssertBusinessError(400);
        Assert.StartsWith(parameter + " ", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
        Assert.Empty(rig.ServerErrors);
    }

    [Theory]
    [InlineData("/userapi/transactions/details/abc", "transaction_id")]
    [InlineData("/userapi/transactions/details/0", "transaction_id")]
    [InlineData("/userapi/transactions/details/-4", "transaction_id")]
    [InlineData("/userapi/transactions/details/99999999999999999999", "transaction_id")]
    [InlineData("/userapi/transactions/details/1.0", "transaction_id")]
    [InlineData("/userapi/bankaccounts/details/x19", "bank_account_id")]
    [InlineData("/userapi/bankaccounts/details/0", "bank_account_id")]
    public async Task ABadId_IsTheBusinessError400_NamingIt(string path, string parameter)
    {
        await using var rig = await StartAsync();

        var error = (await rig.GetAsync(path)).AssertBusinessError(400);

        Assert.StartsWith(parameter + " must be a whole number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AParameterGivenTwice_IsRefused_NamingIt()
    {
        await using var rig = await StartAsync();

        var error = (await rig.GetAsync("/userapi/transactions/list?since_id=1&since_id=2")).AssertBusinessError(400);

        Assert.Contains("since_id is given 2 times", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileValues_NeverGiveAServerError()
    {
        await using var rig = await StartAsync();
        rig.Transfer(150_000, "DH6003");
        string[] values = ["", " ", "%", "\u0000", "' OR 1=1 --", new string('9', 5_000), "١٢٣", "２０２５-０５-０４", "0x10", "+5", "5 ", "Infinity", "2025-05-04\n", "😀"];
        string[] parameters = ["since_id", "limit", "transaction_date_min", "amount_in", "account_number", "reference_number", "short_name", "accumulated_max", "last_transaction_date_min"];

        foreach (var route in new[] { "/userapi/transactions/list", "/userapi/transactions/count", "/userapi/bankaccounts/list", "/userapi/bankaccounts/count" })
        {
            foreach (var parameter in parameters)
            {
                foreach (var value in values)
                {
                    var answer = await rig.GetAsync(route + Query((parameter, value)));
                    Assert.True(answer.Status == 200, $"{route} {parameter}='{value}': HTTP {answer.Status}");
                    var status = answer.Json().GetProperty("status").GetInt32();
                    Assert.True(status is 200 or 400, $"{route} {parameter}='{value}': status {status}");
                }
            }
        }

        Assert.Empty(rig.ServerErrors);
    }
}
