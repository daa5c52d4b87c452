using System.Text.Json;

namespace SoundBoxSim.SpeakerApi.Tests.Support;

/// <summary>
/// The contract's envelope (sections 1.1 and 8.1): <c>{"code": &lt;HTTP status&gt;, "message": "&lt;Vietnamese text&gt;", "data": ...}</c>,
/// errors with <c>data: null</c> and optionally an English <c>error</c> detail that never replaces <c>message</c>.
/// </summary>
internal static class Envelope
{
    // Letters only Vietnamese writes (among the languages a message could be in): how "Vietnamese text" is told from English.
    private const string VietnameseLetters = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";

    /// <summary>Checks the status and the envelope's shape; returns the body.</summary>
    public static JsonElement AssertEnvelope(ApiResponse response, int status)
    {
        Assert.True(response.Status == status, $"expected HTTP {status}, got {response}");
        return AssertShape(response);
    }

    /// <summary>Any status: the body is the envelope with code = the HTTP status (what the fuzz test demands of every answer).</summary>
    public static JsonElement AssertShape(ApiResponse response)
    {
        Assert.True(response.MediaType == "application/json", $"Content-Type {response.MediaType}, not application/json: {response}");
        var body = response.Json;
        Assert.True(body.ValueKind == JsonValueKind.Object, $"the body is not a JSON object: {response}");
        Assert.True(body.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == response.Status,
            $"code is not the HTTP status: {response}");
        Assert.True(body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0,
            $"no message: {response}");
        Assert.True(body.TryGetProperty("data", out _), $"no data: {response}");
        return body;
    }

    /// <summary>200 (or <paramref name="status"/>) in the envelope; returns <c>data</c>.</summary>
    public static JsonElement AssertOk(ApiResponse response, int status = 200) => AssertEnvelope(response, status).GetProperty("data");

    /// <summary>An error: the status, the envelope with data null, a Vietnamese message (401: SePay's "Unauthorized"); returns the message.</summary>
    public static string AssertError(ApiResponse response, int status)
    {
        var body = AssertEnvelope(response, status);
        Assert.True(body.GetProperty("data").ValueKind == JsonValueKind.Null, $"an error's data must be null: {response}");
        if (body.TryGetProperty("error", out var detail))
        {
            Assert.True(detail.ValueKind == JsonValueKind.String, $"the English detail must be a string: {response}");
        }

        var message = body.GetProperty("message").GetString()!;
        if (status == 401)
        {
            Assert.Equal("Unauthorized", message); // contract 1.1 and 8.1: 401 Unauthorized
        }
        else
        {
            Assert.True(message.ToLowerInvariant().Any(VietnameseLetters.Contains), $"the message is not Vietnamese: {response}");
        }

        return message;
    }

    /// <summary>A 400 whose message names <paramref name="field"/> (contract 8.1).</summary>
    public static void AssertFieldError(ApiResponse response, string field)
    {
        var message = AssertError(response, 400);
        Assert.True(message.Contains(field, StringComparison.Ordinal), $"the message does not name '{field}': {response}");
    }

    /// <summary>The English detail.</summary>
    public static string Detail(ApiResponse response) => response.Json.TryGetProperty("error", out var e) ? e.GetString() ?? "" : "";
}
