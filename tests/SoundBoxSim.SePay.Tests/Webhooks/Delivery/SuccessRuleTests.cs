using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class SuccessRuleTests
{
    [Theory]
    // Seed 002: API key and no auth succeed on 200 or 201 with {"success": true}.
    [InlineData(WebhookAuthType.None, 200, """{"success": true}""", true)]
    [InlineData(WebhookAuthType.ApiKey, 201, """{"success":true}""", true)]
    [InlineData(WebhookAuthType.HmacSha256, 200, """ { "success" : true, "message": "ok" } """, true)]
    [InlineData(WebhookAuthType.None, 202, """{"success": true}""", false)]
    [InlineData(WebhookAuthType.None, 204, "", false)]
    [InlineData(WebhookAuthType.None, 500, """{"success": true}""", false)]
    [InlineData(WebhookAuthType.None, 200, """{"success": false}""", false)]
    [InlineData(WebhookAuthType.None, 200, """{"success": "true"}""", false)]
    [InlineData(WebhookAuthType.None, 200, """{"success": 1}""", false)]
    [InlineData(WebhookAuthType.None, 200, """{"Success": true}""", false)]
    [InlineData(WebhookAuthType.None, 200, """[{"success": true}]""", false)]
    [InlineData(WebhookAuthType.None, 200, "OK", false)]
    [InlineData(WebhookAuthType.None, 200, "", false)]
    [InlineData(WebhookAuthType.None, 200, null, false)]
    // Seed 002: OAuth 2.0 webhooks succeed only on 201.
    [InlineData(WebhookAuthType.OAuth2, 201, """{"success": true}""", true)]
    [InlineData(WebhookAuthType.OAuth2, 200, """{"success": true}""", false)]
    [InlineData(WebhookAuthType.OAuth2, 201, """{"success": false}""", false)]
    public void Strict_FollowsTheSeedPage(WebhookAuthType auth, int status, string? body, bool succeeds)
    {
        var verdict = SuccessRule.Strict.Evaluate(auth, status, body);

        Assert.Equal(succeeds, verdict.Succeeded);
        if (succeeds)
        {
            Assert.Null(verdict.Reason);
        }
        else
        {
            Assert.Contains($"HTTP {status}", verdict.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(201, true)]
    [InlineData(204, true)]
    [InlineData(299, true)]
    [InlineData(199, false)]
    [InlineData(301, false)]
    [InlineData(404, false)]
    [InlineData(503, false)]
    public void Lenient_IsAny2xxWhateverTheBody(int status, bool succeeds)
    {
        Assert.Equal(succeeds, SuccessRule.Lenient.Evaluate(WebhookAuthType.OAuth2, status, "not json").Succeeded);
        Assert.Equal(succeeds, SuccessRule.Lenient.Evaluate(WebhookAuthType.None, status, null).Succeeded);
    }

    [Fact]
    public void AWrongBody_IsQuotedInTheReason_CutAt200Characters()
    {
        var body = "<html>" + new string('x', 300) + "</html>";

        var reason = SuccessRule.Strict.Evaluate(WebhookAuthType.None, 200, body).Reason!;

        Assert.Contains("{\"success\": true}", reason, StringComparison.Ordinal);
        Assert.Contains(body[..200], reason, StringComparison.Ordinal);
        Assert.DoesNotContain(body[..201], reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OAuth2On200_SaysThat201IsNeeded() =>
        Assert.Contains("201", SuccessRule.Strict.Evaluate(WebhookAuthType.OAuth2, 200, """{"success": true}""").Reason, StringComparison.Ordinal);

    [Fact]
    public void TheDefaultRuleIsStrict() =>
        Assert.Equal(SuccessRule.Strict, new WebhookDeliverySettings { Url = new Uri("http://127.0.0.1/") }.SuccessRule);
}
