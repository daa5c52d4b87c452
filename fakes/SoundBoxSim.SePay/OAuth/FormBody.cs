using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace SoundBoxSim.SePay.OAuth;

/// <summary>
/// Strict <c>application/x-www-form-urlencoded</c> parsing for OAuth requests (bodies and query strings): every
/// parameter at most once (RFC 6749 3.1, 3.2), well-formed percent escapes, UTF-8. A parameter with an empty value is
/// kept as "" and read as absent (RFC 6749 3.1).
/// </summary>
internal static class FormBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and parses the token request's body, or throws the RFC 6749 5.2 error (413 when it is too big).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(HttpRequest request, int maxBytes)
    {
        byte[] body;
        try
        {
            body = await Http.RequestBodies.ReadAtMostAsync(request, maxBytes) ?? throw TooLarge(maxBytes);
        }
        catch (BadHttpRequestException e)
        {
            throw new OAuthProtocolException(e.StatusCode == 413 ? 413 : 400, "invalid_request", $"the request body could not be read: {e.Message}");
        }

        if (body.Length == 0)
        {
            throw OAuthProtocolException.InvalidRequest(
                "the request has no body; POST the parameters as Content-Type: application/x-www-form-urlencoded, e.g. grant_type=authorization_code&code=...");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthProtocolException.InvalidRequest(
                $"Content-Type is '{OAuthResults.Printable(request.ContentType ?? "(none)", 100)}'; the token endpoint takes application/x-www-form-urlencoded (RFC 6749 4.1.3), not JSON");
        }

        if (type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthProtocolException.InvalidRequest($"the Content-Type charset '{OAuthResults.Printable(type.Charset.ToString(), 40)}' is not supported; send UTF-8 (or no charset)");
        }

        return TryParse(body, out var values, out var error) ? values : throw OAuthProtocolException.InvalidRequest(error);
    }

    /// <summary>Parses a query string (with or without its leading '?').</summary>
    public static bool TryParseQuery(string? query, out IReadOnlyDictionary<string, string> values, out string error)
    {
        var text = query is { Length: > 0 } && query[0] == '?' ? query[1..] : query ?? "";
        return TryParse(Encoding.UTF8.GetBytes(text), out values, out error);
    }

    public static bool TryParse(ReadOnlySpan<byte> input, out IReadOnlyDictionary<string, string> values, out string error)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        values = result;
        error = "";
        while (!input.IsEmpty)
        {
            var amp = input.IndexOf((byte)'&');
            var pair = amp < 0 ? input : input[..amp];
            input = amp < 0 ? [] : input[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf((byte)'=');
            if (!TryDecode(eq < 0 ? pair : pair[..eq], out var name, out error)
                || !TryDecode(eq < 0 ? [] : pair[(eq + 1)..], out var value, out error))
            {
                return false;
            }

            if (name.Length == 0)
            {
                error = "a parameter has no name ('=value'); send name=value pairs joined by '&'";
                return false;
            }

            if (!result.TryAdd(name, value))
            {
                error = $"parameter '{OAuthResults.Printable(name, 40)}' appears more than once; send each parameter once (RFC 6749 3.1)";
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of <paramref name="name"/>, or null when absent or empty.</summary>
    public static string? Get(this IReadOnlyDictionary<string, string> values, string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The form-urlencoded decoding of one name or value: '+' is a space, %XX a byte, the bytes UTF-8.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, out string decoded, out string error)
    {
        decoded = "";
        error = "";
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
            {
                bytes[length++] = (byte)' ';
            }
            else if (b == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2]))
                {
                    error = "a '%' is not followed by two hex digits; percent-encode the parameters (a literal '%' is %25)";
                    return false;
                }

                bytes[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
            }
            else
            {
                bytes[length++] = b;
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = "a parameter is not UTF-8 once percent-decoded; encode text as UTF-8";
            return false;
        }
    }

    private static OAuthProtocolException TooLarge(int maxBytes) =>
        new(413, "invalid_request", $"the request body is larger than {maxBytes} bytes; a token request needs only a few hundred");

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
