using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>A request body as it goes on the wire: the exact bytes (HMAC signs these) and the Content-Type header value.</summary>
/// <param name="Bytes">The body, UTF-8 text for every content type SePay offers.</param>
/// <param name="ContentType">The Content-Type header value, e.g. <c>multipart/form-data; boundary=...</c>.</param>
public sealed record EncodedBody(ReadOnlyMemory<byte> Bytes, string ContentType)
{
    /// <summary>The body as text (every body this encoder makes is UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString(Bytes.Span);
}

/// <summary>Media types and SePay API names (<c>request_content_type</c>) of <see cref="WebhookContentType"/>.</summary>
public static class WebhookContentTypes
{
    /// <summary>The media type: <c>application/json</c>, <c>multipart/form-data</c> or <c>application/x-www-form-urlencoded</c>.</summary>
    public static string MediaType(this WebhookContentType contentType) => contentType switch
    {
        WebhookContentType.Json => "application/json",
        WebhookContentType.MultipartFormData => "multipart/form-data",
        WebhookContentType.FormUrlEncoded => "application/x-www-form-urlencoded",
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Unknown content type."),
    };

    /// <summary>SePay's API value: <c>Json</c>, <c>multipart_form-data</c>, or ours for the URL-encoded form, <c>x-www-form-urlencoded</c> (SePay's is not documented).</summary>
    public static string ApiValue(this WebhookContentType contentType) => contentType switch
    {
        WebhookContentType.Json => "Json",
        WebhookContentType.MultipartFormData => "multipart_form-data",
        WebhookContentType.FormUrlEncoded => "x-www-form-urlencoded",
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Unknown content type."),
    };
}

/// <summary>
/// Encodes a <see cref="WebhookPayload"/> for a webhook's content type. Pure: the same payload (and boundary) always
/// gives the same bytes.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>JSON</b>: compact, fields in <see cref="WebhookPayload"/>'s order, nulls as <c>null</c>, non-ASCII text as
/// raw UTF-8 rather than <c>\u</c> escapes (only control characters, quotes, backslashes and characters outside the
/// BMP are escaped). Content-Type <c>application/json</c>, as the contract shows it (no charset parameter).</item>
/// <item><b>Forms</b> (SePay documents no details; contract 8.2): one field per top-level key in the same order,
/// null as an empty string, numbers in invariant culture, text as UTF-8.</item>
/// <item><b>multipart/form-data</b>: parts with only a <c>Content-Disposition: form-data; name="..."</c> header,
/// CRLF line ends, a random boundary unless one is given.</item>
/// <item><b>x-www-form-urlencoded</b>: <c>key=value</c> joined by <c>&amp;</c>; space as <c>+</c>; every byte other
/// than ASCII letters, digits and <c>*-._</c> percent-encoded with upper-case hex (the WHATWG form encoding).</item>
/// </list>
/// </remarks>
public static class PayloadEncoder
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Encodes <paramref name="payload"/> as <paramref name="contentType"/>.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="contentType">The webhook's content type.</param>
    /// <param name="boundary">The multipart boundary (1 to 70 letters, digits or <c>+_-.</c>, not occurring in any value); null for a random one. Ignored by the other types.</param>
    /// <exception cref="ArgumentException"><paramref name="boundary"/> is not valid or occurs in a value.</exception>
    public static EncodedBody Encode(WebhookPayload payload, WebhookContentType contentType, string? boundary = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return contentType switch
        {
            WebhookContentType.Json => new(EncodeJson(payload), WebhookContentType.Json.MediaType()),
            WebhookContentType.FormUrlEncoded => new(EncodeUrlEncoded(payload), WebhookContentType.FormUrlEncoded.MediaType()),
            WebhookContentType.MultipartFormData => EncodeMultipart(payload, boundary),
            _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Unknown content type."),
        };
    }

    /// <summary>The payload as form fields, in order: name and text value, null as an empty string, numbers in invariant culture.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FormFields(WebhookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return
        [
            new("id", payload.Id.ToString(CultureInfo.InvariantCulture)),
            new("gateway", payload.Gateway ?? ""),
            new("transactionDate", payload.TransactionDate ?? ""),
            new("accountNumber", payload.AccountNumber ?? ""),
            new("code", payload.Code ?? ""),
            new("content", payload.Content ?? ""),
            new("transferType", payload.TransferType ?? ""),
            new("transferAmount", payload.TransferAmount.ToString(CultureInfo.InvariantCulture)),
            new("accumulated", payload.Accumulated.ToString(CultureInfo.InvariantCulture)),
            new("subAccount", payload.SubAccount ?? ""),
            new("referenceCode", payload.ReferenceCode ?? ""),
            new("description", payload.Description ?? ""),
        ];
    }

    private static byte[] EncodeJson(WebhookPayload p)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("id", p.Id);
            WriteString(w, "gateway", p.Gateway);
            WriteString(w, "transactionDate", p.TransactionDate);
            WriteString(w, "accountNumber", p.AccountNumber);
            WriteString(w, "code", p.Code);
            WriteString(w, "content", p.Content);
            WriteString(w, "transferType", p.TransferType);
            w.WriteNumber("transferAmount", p.TransferAmount);
            w.WriteNumber("accumulated", p.Accumulated);
            WriteString(w, "subAccount", p.SubAccount);
            WriteString(w, "referenceCode", p.ReferenceCode);
            WriteString(w, "description", p.Description);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // WriteString(name, null) already writes null; spelled out so a reader sees nulls are kept, not omitted.
    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static byte[] EncodeUrlEncoded(WebhookPayload payload)
    {
        var text = new StringBuilder(512);
        foreach (var (name, value) in FormFields(payload))
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            AppendFormEncoded(text, name);
            text.Append('=');
            AppendFormEncoded(text, value);
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static void AppendFormEncoded(StringBuilder text, string value)
    {
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_')
            {
                text.Append((char)b);
            }
            else if (b == (byte)' ')
            {
                text.Append('+');
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static EncodedBody EncodeMultipart(WebhookPayload payload, string? boundary)
    {
        var fields = FormFields(payload);
        if (boundary is null)
        {
            // 64 random bits: a value containing the boundary is practically impossible, but checked anyway.
            do
            {
                boundary = "------------------------" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            }
            while (fields.Any(f => f.Value.Contains(boundary, StringComparison.Ordinal)));
        }
        else
        {
            ValidateBoundary(boundary);
            if (fields.Any(f => f.Value.Contains(boundary, StringComparison.Ordinal)))
            {
                throw new ArgumentException($"The boundary '{boundary}' occurs in a field value.", nameof(boundary));
            }
        }

        var text = new StringBuilder(1024);
        foreach (var (name, value) in fields)
        {
            text.Append("--").Append(boundary).Append("\r\n")
                .Append("Content-Disposition: form-data; name=\"").Append(name).Append("\"\r\n")
                .Append("\r\n")
                .Append(value).Append("\r\n");
        }

        text.Append("--").Append(boundary).Append("--\r\n");
        return new(Encoding.UTF8.GetBytes(text.ToString()), $"multipart/form-data; boundary={boundary}");
    }

    private static void ValidateBoundary(string boundary)
    {
        // RFC 2046 allows more, but these are also HTTP token characters, so the header value needs no quotes.
        const string Allowed = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+_-.";
        if (boundary.Length is < 1 or > 70 || boundary.Any(c => !Allowed.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The boundary '{boundary}' must be 1 to 70 of the characters {Allowed}.", nameof(boundary));
        }
    }
}
