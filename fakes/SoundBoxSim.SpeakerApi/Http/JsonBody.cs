using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SoundBoxSim.SpeakerApi.Cloud;

namespace SoundBoxSim.SpeakerApi.Http;

/// <summary>Reads a request's JSON object and its fields, refusing anything else with the contract's 4xx and a message naming the field.</summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentType is not { } type || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new SpeakerApiException(415, "Content-Type phải là application/json", $"send the body as JSON with Content-Type: application/json (got '{request.ContentType}')");
        }

        var buffer = new ArrayBufferWriter<byte>();
        await ReadAsync(request, maxBytes, buffer);

        if (buffer.WrittenCount == 0)
        {
            throw Bad("Thiếu nội dung yêu cầu", "the request has no body; send a JSON object");
        }

        // JSON text is UTF-8 (RFC 8259 8.1); the parser leaves strings unchecked until they are read, so check it all here.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan))
        {
            throw Bad("JSON không hợp lệ", "the body is not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw Bad("Nội dung yêu cầu không hợp lệ", $"the body must be a JSON object, not {document.RootElement.ValueKind}");
        }
        catch (JsonException ex)
        {
            throw Bad("JSON không hợp lệ", $"the body is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Reads and drops a body nobody needs (token/create), still refusing one over the limit with 413.</summary>
    public static Task DiscardAsync(HttpRequest request, int maxBytes) => ReadAsync(request, maxBytes, null);

    private static async Task ReadAsync(HttpRequest request, int maxBytes, ArrayBufferWriter<byte>? keep)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var read = 0L;
        var body = request.BodyReader;
        while (true)
        {
            var result = await body.ReadAsync(request.HttpContext.RequestAborted);
            read += result.Buffer.Length;
            if (read > maxBytes)
            {
                body.AdvanceTo(result.Buffer.End);
                throw TooLarge(maxBytes);
            }

            foreach (var segment in result.Buffer)
            {
                keep?.Write(segment.Span);
            }

            body.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    public static string RequireString(JsonElement body, string name, int maxLength = 128)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Bad($"Thiếu trường {name}", $"'{name}' is required");
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Bad($"Trường {name} không hợp lệ", $"'{name}' must be a string, not {value.ValueKind}");
        }

        string text;
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Well-formed JSON that is no Unicode text, e.g. a lone surrogate escape "\ud800".
            throw Bad($"Trường {name} không hợp lệ", $"'{name}' is not valid Unicode text (a lone surrogate escape?)");
        }

        if (text.Trim().Length == 0 || text.Length > maxLength)
        {
            throw Bad($"Trường {name} không hợp lệ", $"'{name}' must be 1 to {maxLength} characters");
        }

        return text;
    }

    /// <summary>An amount in VND: a JSON integer from 1 (not a string, not a fraction).</summary>
    public static long RequireAmount(JsonElement body, long max)
    {
        if (!body.TryGetProperty("amount", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Bad("Thiếu trường amount", "'amount' is required");
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var amount) || amount < 1 || amount > max)
        {
            throw Bad("Trường amount không hợp lệ", $"'amount' must be an integer number of VND from 1 to {max}, e.g. 150000 (got {value.GetRawText()})");
        }

        return amount;
    }

    private static SpeakerApiException Bad(string message, string detail) => new(400, message, detail);

    private static SpeakerApiException TooLarge(int maxBytes) =>
        new(413, "Nội dung yêu cầu quá lớn", $"the body is larger than {maxBytes} bytes");
}
