using SoundBoxSim.SePay.Ledger;

namespace SoundBoxSim.SePay.Tests.Ledger;

public sealed class PaymentCodeMatcherTests
{
    private static readonly PaymentCodeTemplate Dh = new("DH", 4, 10, PaymentCodeCharacters.NumberOnly);
    private static readonly PaymentCodeTemplate Order = new("ORDER", 2, 6, PaymentCodeCharacters.NumberAndLetter);

    [Theory]
    [InlineData("Thanh toan DH1709", "DH1709")]
    [InlineData("thanh toan dh1709 cam on", "DH1709")] // case-insensitive, reported upper-case
    [InlineData("DH123", null)] // too short
    [InlineData("DH12345678901", null)] // longer than 10 digits is not a code cut short
    [InlineData("ADH12345", null)] // glued to a letter before it
    [InlineData("DH12345ABC", "DH12345")] // digits-only suffix stops at the letters
    [InlineData("ma DH0001 va DH0002", "DH0001")] // the first in the content wins
    [InlineData("orderAB12 roi DH9999", "ORDERAB12")]
    [InlineData("DH9999 roi orderAB12", "DH9999")]
    [InlineData("orderAB12CD34 qua dai", null)]
    [InlineData("", null)]
    public void Find_ReturnsTheFirstCodeInTheContent(string content, string? expected)
    {
        Assert.Equal(expected, PaymentCodeMatcher.Find(content, [Dh, Order]));
    }

    [Fact]
    public void InactiveTemplates_AreIgnored()
    {
        Assert.Null(PaymentCodeMatcher.Find("DH1709", [Dh with { Active = false }]));
    }

    [Theory]
    [InlineData("D", 1, 5, "prefix")]
    [InlineData("ABCDEF", 1, 5, "prefix")]
    [InlineData("D1", 1, 5, "prefix")]
    [InlineData("DH", 0, 5, "suffixFrom")]
    [InlineData("DH", 5, 4, "suffixTo")]
    [InlineData("DH", 1, 31, "suffixTo")]
    public void Problem_NamesWhatBreaksSePaysLimits(string prefix, int from, int to, string mentions)
    {
        Assert.Contains(mentions, PaymentCodeMatcher.Problem(new(prefix, from, to, PaymentCodeCharacters.NumberOnly)), StringComparison.Ordinal);
    }
}
