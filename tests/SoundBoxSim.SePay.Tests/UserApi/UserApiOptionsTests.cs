using Microsoft.AspNetCore.Builder;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Storage;
using SoundBoxSim.SePay.UserApi;

namespace SoundBoxSim.SePay.Tests.UserApi;

public sealed class UserApiOptionsTests
{
    [Fact]
    public void TheDefaultToken_Is64LettersAndDigits_StartingWithSbsimUSERAPI()
    {
        var token = UserApiOptions.DefaultToken;

        Assert.Equal(64, token.Length);
        Assert.All(token, c => Assert.True(char.IsAsciiLetterOrDigit(c), $"'{c}' in the default token"));
        Assert.StartsWith("sbsimUSERAPI", token, StringComparison.Ordinal);
        Assert.Equal(new string('0', 64 - "sbsimUSERAPI".Length), token["sbsimUSERAPI".Length..]);
    }

    [Fact]
    public void Defaults_AreTheDefaultToken_TwoPerSecond_AndTheSystemClock()
    {
        var options = new UserApiOptions();

        Assert.Equal([UserApiOptions.DefaultToken], options.ApiTokens);
        Assert.Equal(2, options.RequestsPerSecond); // contract §8.2
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.Problem());
    }

    public static TheoryData<string, string> BadOptions => new()
    {
        { "no tokens", "ApiTokens" },
        { "empty token", "ApiTokens[1]" },
        { "token with a space", "ApiTokens[0]" },
        { "token with a non-ASCII letter", "ApiTokens[0]" },
        { "token too long", "ApiTokens[0]" },
        { "negative rate", "RequestsPerSecond" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Mapping_RefusesOptionsThatCannotWork_NamingTheProperty(string what, string property)
    {
        var options = what switch
        {
            "no tokens" => new UserApiOptions { ApiTokens = [] },
            "empty token" => new UserApiOptions { ApiTokens = ["good", ""] },
            "token with a space" => new UserApiOptions { ApiTokens = ["two words"] },
            "token with a non-ASCII letter" => new UserApiOptions { ApiTokens = ["tokenđ"] },
            "token too long" => new UserApiOptions { ApiTokens = [new string('a', 513)] },
            "negative rate" => new UserApiOptions { RequestsPerSecond = -1 },
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such case"),
        };
        var ledger = new BankLedger(new LedgerOptions(), DocumentStore.InMemory());
        using var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<ArgumentException>(() => app.MapSePayUserApi(ledger, options));

        Assert.Contains("UserApiOptions." + property + " ", error.Message, StringComparison.Ordinal);
    }
}
