using System.Text.Json;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>What a receiver's answer must be for a delivery to count as delivered (contract 3.3, 7.2, 8.2).</summary>
public enum SuccessRule
{
    /// <summary>
    /// The default, SePay's documented rule (seed 002): HTTP 200 or 201 and a JSON body whose <c>success</c> is
    /// <c>true</c>; for <c>OAuth2.0</c> webhooks only HTTP 201. Other properties in the body are allowed;
    /// <c>"true"</c> as a string or <c>1</c> is not <c>true</c>.
    /// </summary>
    Strict,

    /// <summary>Any 2xx, whatever the body (what SePay's own Laravel package answers: 204, no body).</summary>
    Lenient,
}

/// <summary>The judgement of one answer: delivered or not, and why not.</summary>
/// <param name="Succeeded">Whether the answer counts as delivered.</param>
/// <param name="Reason">Why it does not (null when it does), fit for the delivery log.</param>
public sealed record SuccessVerdict(bool Succeeded, string? Reason)
{
    /// <summary>A delivered answer.</summary>
    public static SuccessVerdict Success { get; } = new(true, null);

    /// <summary>A refused answer with its reason.</summary>
    public static SuccessVerdict Failure(string reason) => new(false, reason);
}

/// <summary>Applies a <see cref="SuccessRule"/> to an HTTP answer. Pure.</summary>
public static class SuccessRules
{
    /// <summary>How much of a refused body a reason quotes.</summary>
    public const int QuotedBodyLength = 200;

    /// <summary>Judges an answer.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="authType">The webhook's auth type (OAuth2.0 changes the strict rule's status).</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The response body as text (null or empty for none).</param>
    public static SuccessVerdict Evaluate(this SuccessRule rule, WebhookAuthType authType, int statusCode, string? body)
    {
        var is2xx = statusCode is >= 200 and <= 299;
        switch (rule)
        {
            case SuccessRule.Lenient:
                return is2xx ? SuccessVerdict.Success : SuccessVerdict.Failure($"HTTP {statusCode} is not a 2xx status");
            case SuccessRule.Strict:
                var oauth = authType == WebhookAuthType.OAuth2;
                var statusOk = oauth ? statusCode == 201 : statusCode is 200 or 201;
                if (!statusOk)
                {
                    var wanted = oauth ? "HTTP 201 (OAuth2.0 webhooks)" : "HTTP 200 or 201";
                    return SuccessVerdict.Failure($"HTTP {statusCode} but the strict rule needs {wanted} with {{\"success\": true}}");
                }

                return IsSuccessTrue(body)
                    ? SuccessVerdict.Success
                    : SuccessVerdict.Failure($"HTTP {statusCode} but the body is not {{\"success\": true}}: {Quote(body)}");
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown success rule.");
        }
    }

    private static bool IsSuccessTrue(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("success", out var success)
                && success.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Quote(string? body) => string.IsNullOrEmpty(body)
        ? "(empty)"
        : body.Length <= QuotedBodyLength ? body : body[..QuotedBodyLength] + "...";
}
