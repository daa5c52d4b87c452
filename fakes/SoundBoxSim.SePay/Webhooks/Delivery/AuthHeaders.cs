namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>SePay's API names (<c>authen_type</c>) of <see cref="WebhookAuthType"/>.</summary>
public static class WebhookAuthTypes
{
    /// <summary><c>No_Authen</c>, <c>Api_Key</c>, <c>HMAC_SHA256</c> or <c>OAuth2.0</c>.</summary>
    public static string ApiValue(this WebhookAuthType authType) => authType switch
    {
        WebhookAuthType.None => "No_Authen",
        WebhookAuthType.ApiKey => "Api_Key",
        WebhookAuthType.HmacSha256 => "HMAC_SHA256",
        WebhookAuthType.OAuth2 => "OAuth2.0",
        _ => throw new ArgumentOutOfRangeException(nameof(authType), authType, "Unknown auth type."),
    };
}

/// <summary>
/// The authentication headers of a delivery (contract 3.5): none for <c>No_Authen</c>;
/// <c>Authorization: Apikey KEY</c> for <c>Api_Key</c>; <c>X-SePay-Timestamp</c> and <c>X-SePay-Signature</c> for
/// <c>HMAC_SHA256</c> (no Authorization header, an assumption: SePay does not say); <c>Authorization: Bearer TOKEN</c>
/// for <c>OAuth2.0</c>, with the token from <see cref="ReceiverTokenClient"/>.
/// </summary>
public static class AuthHeaders
{
    /// <summary>The Authorization header's name.</summary>
    public const string Authorization = "Authorization";

    /// <summary>The headers for <paramref name="settings"/>' auth type, in the order they are sent.</summary>
    /// <param name="settings">The webhook's settings (auth type and secrets).</param>
    /// <param name="body">The exact body bytes (signed for HMAC_SHA256).</param>
    /// <param name="time">The clock of the HMAC timestamp.</param>
    /// <param name="accessToken">The receiver's access token; required for OAuth2.0, ignored otherwise.</param>
    /// <exception cref="ArgumentException">A secret the auth type needs is missing.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Build(
        WebhookDeliverySettings settings, ReadOnlySpan<byte> body, TimeProvider time, string? accessToken = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        switch (settings.AuthType)
        {
            case WebhookAuthType.None:
                return [];
            case WebhookAuthType.ApiKey:
                if (string.IsNullOrEmpty(settings.ApiKey))
                {
                    throw new ArgumentException("Api_Key webhooks need ApiKey.", nameof(settings));
                }

                return [new(Authorization, "Apikey " + settings.ApiKey)];
            case WebhookAuthType.HmacSha256:
                if (string.IsNullOrEmpty(settings.SecretKey))
                {
                    throw new ArgumentException("HMAC_SHA256 webhooks need SecretKey.", nameof(settings));
                }

                var signature = HmacSigner.Sign(settings.SecretKey, body, time);
                return [new(HmacSigner.TimestampHeader, signature.Timestamp), new(HmacSigner.SignatureHeader, signature.Signature)];
            case WebhookAuthType.OAuth2:
                if (string.IsNullOrEmpty(accessToken))
                {
                    throw new ArgumentException("OAuth2.0 webhooks need the receiver's access token.", nameof(accessToken));
                }

                return [new(Authorization, "Bearer " + accessToken)];
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.AuthType, "Unknown auth type.");
        }
    }

    /// <summary>
    /// A secret as SePay's dashboard shows a saved key: <c>****</c> and its last 4 characters, or only <c>****</c> when
    /// it is shorter than 12 characters (so most of it stays hidden); empty for null.
    /// </summary>
    public static string MaskSecret(string? secret) => secret switch
    {
        null => "",
        { Length: < 12 } => "****",
        _ => "****" + secret[^4..],
    };

    /// <summary>A header value fit to show: an Authorization credential masked with <see cref="MaskSecret"/> (the scheme kept), any other header unchanged.</summary>
    public static string MaskHeaderValue(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!name.Equals(Authorization, StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? MaskSecret(value) : value[..(space + 1)] + MaskSecret(value[(space + 1)..]);
    }
}
