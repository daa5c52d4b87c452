using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class ShellQuoteTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("", "''")]
    [InlineData("a\r\nb", @"$'a\r\nb'")]
    [InlineData("x\r'\\", @"$'x\r\'\\'")]
    public void ShellQuote_WritesTheHandQuotedForm(string value, string quoted) =>
        Assert.Equal(quoted, AttemptRecord.ShellQuote(value));

    [Fact]
    public async Task ShellQuote_IsReadBackByBashAsTheSameString()
    {
        var bash = ExternalTool.Require("bash", "bash");
        string[] values =
        [
            "it's", "\"double\"", "$HOME `id` $(id) ${x}", "back\\slash", "!history", "new\nline", "tab\there",
            "cr\r\nlf", "bell\u0007", "Thanh toán đơn hàng", "'", "''", "\\'", "--boundary\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n",
        ];

        foreach (var value in values)
        {
            var result = await ProcessRunner.RunAsync(bash, ["-c", "printf '%s' " + AttemptRecord.ShellQuote(value)], cancellationToken: TestContext.Current.CancellationToken);
            result.EnsureSuccess("bash");
            Assert.Equal(value, result.StandardOutput);
        }
    }
}
