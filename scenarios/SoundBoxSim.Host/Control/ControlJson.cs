using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace SoundBoxSim.Host.Control;

/// <summary>A control API request that cannot be carried out: the status and what to change.</summary>
internal sealed class ControlException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;
}

/// <summary>JSON in and out of the control API, in the same envelope as the Speaker API's errors.</summary>
internal static class ControlJson
{
    /// <summary>The largest body accepted; control requests are a few fields.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict, // "50" is not a number
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a misspelt field is an error, not a silent no-op
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = 8,
    };

    public static IResult Ok(object value, int status = 200) => Results.Json(value, Options, statusCode: status);

    public static IResult Error(int status, string detail) =>
        Results.Json(new ErrorBody(status, detail, null, detail), Options, statusCode: status);

    public static Task WriteErrorAsync(HttpContext context, int status, string detail) =>
        context.Response.WriteAsJsonAsync(new ErrorBody(status, detail, null, detail), Options);

    /// <summary>Reads the body as <typeparamref name="T"/>; anything else is a 400/413/415 naming what was wrong.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, string example)
        where T : class
    {
        if (request.ContentType is not { } type || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ControlException(415, $"send the body as JSON with Content-Type: application/json, e.g. {example}");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw new ControlException(413, $"the body is larger than {MaxBodyBytes} bytes");
        }

        using var limited = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (limited.Length + read > MaxBodyBytes)
            {
                throw new ControlException(413, $"the body is larger than {MaxBodyBytes} bytes");
            }

            limited.Write(buffer, 0, read);
        }

        if (limited.Length == 0)
        {
            throw new ControlException(400, $"the request has no body; send e.g. {example}");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(limited.GetBuffer().AsSpan(0, (int)limited.Length), Options)
                ?? throw new ControlException(400, $"the body is null; send e.g. {example}");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" at {ex.Path}";
            throw new ControlException(400, $"the body is not what this endpoint takes{where}: {FirstSentence(ex.Message)}; send e.g. {example}");
        }
    }

    /// <summary>Runs a handler, turning its <see cref="ControlException"/> into the envelope.</summary>
    public static IResult Handle(Func<IResult> handler)
    {
        try
        {
            return handler();
        }
        catch (ControlException error)
        {
            return Error(error.Status, error.Message);
        }
    }

    /// <summary>Runs a handler, turning its <see cref="ControlException"/> into the envelope.</summary>
    public static async Task<IResult> Handle(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ControlException error)
        {
            return Error(error.Status, error.Message);
        }
        catch (BadHttpRequestException error)
        {
            return Error(error.StatusCode, error.Message);
        }
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." which the caller already has from ex.Path.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private sealed record ErrorBody(int Code, string Message, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] object? Data, string Error);
}
