namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>
/// Everything one delivery attempt needs to know about its webhook: where, how it authenticates, the body format,
/// what counts as success and the timeouts. <see cref="For"/> takes them from a registered <see cref="Webhook"/>.
/// </summary>
/// <remarks><see cref="ToString"/> masks the secrets, so the settings can be logged.</remarks>
public sealed record WebhookDeliverySettings
{
    /// <summary>The URL deliveries are POSTed to (absolute http or https).</summary>
    public required Uri Url { get; init; }

    /// <summary>The authentication (default <c>No_Authen</c>).</summary>
    public WebhookAuthType AuthType { get; init; } = WebhookAuthType.None;

    /// <summary>The key of <c>Api_Key</c>, sent as <c>Authorization: Apikey KEY</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The secret of <c>HMAC_SHA256</c>.</summary>
    public string? SecretKey { get; init; }

    /// <summary>The receiver's token URL and client credentials for <c>OAuth2.0</c>.</summary>
    public WebhookOAuth? OAuth { get; init; }

    /// <summary>The body format (default JSON).</summary>
    public WebhookContentType ContentType { get; init; } = WebhookContentType.Json;

    /// <summary>What counts as delivered (default <see cref="SuccessRule.Strict"/>).</summary>
    public SuccessRule SuccessRule { get; init; } = SuccessRule.Strict;

    /// <summary>The timeouts (and, for the scheduler, the retry schedule); default <see cref="RetryProfile.Seed"/>.</summary>
    public RetryProfile Profile { get; init; } = RetryProfile.Seed;

    /// <summary>SePay's <c>retry_conditions.non_2xx_status_code</c> = 1: non-2xx answers are retried too (default false).</summary>
    public bool RetryOnNon2xx { get; init; }

    /// <summary>The settings of a registered webhook, with the simulator's success rule and profile.</summary>
    /// <exception cref="ArgumentException">The webhook's URL or token URL is not an absolute http(s) URL.</exception>
    public static WebhookDeliverySettings For(Webhook webhook, SuccessRule successRule = SuccessRule.Strict, RetryProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var settings = new WebhookDeliverySettings
        {
            Url = ParseUrl(webhook.WebhookUrl, "webhook_url"),
            AuthType = webhook.AuthType,
            ApiKey = webhook.ApiKey,
            SecretKey = webhook.SecretKey,
            OAuth = webhook.OAuth,
            ContentType = webhook.ContentType,
            SuccessRule = successRule,
            Profile = profile ?? RetryProfile.Seed,
            RetryOnNon2xx = webhook.RetryOnNon2xx,
        };
        settings.Validate();
        return settings;
    }

    /// <summary>Checks that the URL is absolute http(s) and that the auth type has its secrets; the message names what is missing.</summary>
    /// <exception cref="ArgumentException">Something is missing or malformed.</exception>
    public void Validate()
    {
        if (Url is null || !Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Url must be an absolute http or https URL, not '{Url}'.", nameof(Url));
        }

        switch (AuthType)
        {
            case WebhookAuthType.None:
                break;
            case WebhookAuthType.ApiKey when string.IsNullOrEmpty(ApiKey):
                throw new ArgumentException("Api_Key webhooks need ApiKey.", nameof(ApiKey));
            case WebhookAuthType.HmacSha256 when string.IsNullOrEmpty(SecretKey):
                throw new ArgumentException("HMAC_SHA256 webhooks need SecretKey.", nameof(SecretKey));
            case WebhookAuthType.OAuth2 when OAuth is null || string.IsNullOrEmpty(OAuth.ClientId) || OAuth.ClientSecret is null:
                throw new ArgumentException("OAuth2.0 webhooks need OAuth with a token URL, client id and client secret.", nameof(OAuth));
            case WebhookAuthType.OAuth2:
                ParseUrl(OAuth.TokenUrl, "OAuth.TokenUrl");
                break;
            case WebhookAuthType.ApiKey or WebhookAuthType.HmacSha256:
                break;
            default:
                throw new ArgumentException($"Unknown auth type {AuthType}.", nameof(AuthType));
        }

        ArgumentNullException.ThrowIfNull(Profile);
        Profile.Validate();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(WebhookDeliverySettings)} {{ Url = {Url}, AuthType = {AuthType.ApiValue()}, ApiKey = {AuthHeaders.MaskSecret(ApiKey)}, " +
        $"SecretKey = {AuthHeaders.MaskSecret(SecretKey)}, OAuth = {(OAuth is null ? "" : $"{OAuth.TokenUrl} {OAuth.ClientId} {AuthHeaders.MaskSecret(OAuth.ClientSecret)}")}, " +
        $"ContentType = {ContentType.ApiValue()}, SuccessRule = {SuccessRule}, Profile = {Profile?.Name}, RetryOnNon2xx = {RetryOnNon2xx} }}";

    internal static Uri ParseUrl(string? url, string name) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"{name} must be an absolute http or https URL, not '{url}'.", name);
}
