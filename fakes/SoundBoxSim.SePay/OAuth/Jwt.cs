using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.SePay.OAuth;

/// <summary>The claims of an access token.</summary>
internal sealed record JwtClaims(string Issuer, string Subject, string Audience, long ExpiresAt, long IssuedAt, string Scope, string TokenId);

/// <summary>HS256 JWTs (RFC 7519, 7515): header <c>{"alg":"HS256","typ":"JWT"}</c>, base64url without padding.</summary>
internal sealed class Jwt(byte[] key)
{
    /// <summary>Longer tokens are refused unread; ours are a few hundred characters.</summary>
    public const int MaxLength = 4096;

    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
    private static readonly JsonDocumentOptions ReadOptions = new() { AllowDuplicateProperties = false, MaxDepth = 4 };

    public string Sign(JwtClaims claims)
    {
        var payload = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", claims.Issuer);
            writer.WriteString("sub", claims.Subject);
            writer.WriteString("aud", claims.Audience);
            writer.WriteNumber("exp", claims.ExpiresAt);
            writer.WriteNumber("iat", claims.IssuedAt);
            writer.WriteString("scope", claims.Scope);
            writer.WriteString("jti", claims.TokenId);
            writer.WriteEndObject();
        }

        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        return signingInput + "." + Signature(signingInput);
    }

    /// <summary>The claims of a token this key signed, or why it is not one.</summary>
    public (JwtClaims? Claims, OAuthTokenFailure Failure, string Message) Read(string token, string issuer)
    {
        if (token.Length > MaxLength)
        {
            return Malformed($"the token is {token.Length} characters; an access token from POST /oauth/token is much shorter");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return Malformed("the token is not a JWT (three non-empty base64url parts separated by '.')");
        }

        if (!TryDecodeObject(parts[0], out var header))
        {
            return Malformed("the JWT header is not base64url-encoded JSON");
        }

        using (header)
        {
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() != "HS256")
            {
                return Malformed("the JWT header's alg is not HS256; only tokens from POST /oauth/token are accepted");
            }
        }

        var expected = Encoding.ASCII.GetBytes(Signature(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(parts[2])))
        {
            return (null, OAuthTokenFailure.BadSignature,
                "the token's signature does not match: it was altered, or issued by another server or an earlier run; get a new one from POST /oauth/token");
        }

        if (!TryDecodeObject(parts[1], out var payload))
        {
            return Malformed("the JWT payload is not base64url-encoded JSON");
        }

        using (payload)
        {
            var root = payload.RootElement;
            if (!TryString(root, "iss", out var iss) || !TryString(root, "sub", out var sub) || !TryString(root, "aud", out var aud)
                || !TryString(root, "scope", out var scope) || !TryString(root, "jti", out var jti)
                || !TryLong(root, "exp", out var exp) || !TryLong(root, "iat", out var iat))
            {
                return Malformed("the JWT payload lacks one of iss, sub, aud, exp, iat, scope, jti");
            }

            if (iss != issuer)
            {
                return Malformed($"the token's issuer is '{iss}', not '{issuer}'");
            }

            return (new JwtClaims(iss, sub, aud, exp, iat, scope, jti), OAuthTokenFailure.None, "");
        }
    }

    private string Signature(string signingInput) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput)));

    private static (JwtClaims?, OAuthTokenFailure, string) Malformed(string message) => (null, OAuthTokenFailure.Malformed, message);

    private static bool TryDecodeObject(string part, out JsonDocument document)
    {
        document = null!;
        try
        {
            var bytes = Base64Url.DecodeFromChars(part);
            document = JsonDocument.Parse(bytes, ReadOptions);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            document.Dispose();
            return false;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private static bool TryString(JsonElement root, string name, out string value)
    {
        value = "";
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // not Unicode text, e.g. a lone surrogate escape
        }
    }

    private static bool TryLong(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }
}
