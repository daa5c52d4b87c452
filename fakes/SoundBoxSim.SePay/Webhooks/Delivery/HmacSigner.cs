using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>The two headers of an <c>HMAC_SHA256</c> delivery.</summary>
/// <param name="Timestamp">The <c>X-SePay-Timestamp</c> value: Unix seconds as a decimal string.</param>
/// <param name="Signature">The <c>X-SePay-Signature</c> value: <c>sha256=</c> and 64 lower-case hex digits.</param>
public readonly record struct HmacSignature(string Timestamp, string Signature);

/// <summary>
/// SePay's HMAC_SHA256 webhook signature (contract 3.5.4 and 8.2): <c>X-SePay-Timestamp</c> = Unix seconds;
/// <c>X-SePay-Signature</c> = <c>sha256=</c> + lower-case hex of HMAC-SHA256 with the secret's UTF-8 bytes as key
/// (the <c>whsec_</c> prefix included) over the timestamp's ASCII, a <c>.</c>, and the raw body bytes as sent.
/// </summary>
public static class HmacSigner
{
    /// <summary>The timestamp header's name.</summary>
    public const string TimestampHeader = "X-SePay-Timestamp";

    /// <summary>The signature header's name.</summary>
    public const string SignatureHeader = "X-SePay-Signature";

    /// <summary>What every signature starts with.</summary>
    public const string SignaturePrefix = "sha256=";

    /// <summary>Signs <paramref name="body"/> at the current time of <paramref name="time"/>.</summary>
    public static HmacSignature Sign(string secretKey, ReadOnlySpan<byte> body, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new(timestamp, ComputeSignature(secretKey, timestamp, body));
    }

    /// <summary>The <c>X-SePay-Signature</c> value for <paramref name="timestamp"/> (the header's exact text) and <paramref name="body"/>.</summary>
    public static string ComputeSignature(string secretKey, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), message));
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the signature of <paramref name="timestamp"/> and <paramref name="body"/>
    /// (compared in fixed time). It does not judge the timestamp's age; receivers should also refuse old ones (SePay
    /// suggests 5 minutes).
    /// </summary>
    public static bool Verify(string secretKey, string timestamp, ReadOnlySpan<byte> body, string? signature)
    {
        if (signature is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(ComputeSignature(secretKey, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }
}
