namespace SoundBoxSim.SePay.Webhooks;

/// <summary>Which transactions fire a webhook (SePay's <c>event_type</c>).</summary>
public enum WebhookEventType
{
    /// <summary><c>In_only</c>: money in.</summary>
    InOnly,

    /// <summary><c>Out_only</c>: money out.</summary>
    OutOnly,

    /// <summary><c>All</c>: both.</summary>
    All,
}

/// <summary>How a delivery proves it comes from SePay (SePay's <c>authen_type</c>).</summary>
public enum WebhookAuthType
{
    /// <summary><c>No_Authen</c>: no header.</summary>
    None,

    /// <summary><c>Api_Key</c>: <c>Authorization: Apikey KEY</c>.</summary>
    ApiKey,

    /// <summary><c>HMAC_SHA256</c>: <c>X-SePay-Signature</c> and <c>X-SePay-Timestamp</c>.</summary>
    HmacSha256,

    /// <summary><c>OAuth2.0</c>: a token from the receiver's token URL, sent as a bearer.</summary>
    OAuth2,
}

/// <summary>The body's content type (SePay's <c>request_content_type</c>).</summary>
public enum WebhookContentType
{
    /// <summary><c>Json</c>: application/json (default).</summary>
    Json,

    /// <summary><c>multipart_form-data</c>.</summary>
    MultipartFormData,

    /// <summary><c>x-www-form-urlencoded</c> (SePay's API name for it is unknown; this is ours).</summary>
    FormUrlEncoded,
}

/// <summary>The receiver's OAuth2 token endpoint and credentials, for <see cref="WebhookAuthType.OAuth2"/>.</summary>
public sealed record WebhookOAuth(string TokenUrl, string ClientId, string ClientSecret);

/// <summary>A webhook as SePay's management API shows it (field names in the API are snake_case).</summary>
public sealed record Webhook
{
    /// <summary>The id (SePay: an integer).</summary>
    public long Id { get; init; }

    /// <summary>The account it watches; 0 for every account, present and future (<c>bank_mode</c> "all").</summary>
    public long BankAccountId { get; init; }

    /// <summary>A name to recognise it by (1 to 300 characters).</summary>
    public string Name { get; init; } = "";

    /// <summary>Money in, out, or both.</summary>
    public WebhookEventType EventType { get; init; } = WebhookEventType.InOnly;

    /// <summary>The authentication of deliveries.</summary>
    public WebhookAuthType AuthType { get; init; } = WebhookAuthType.None;

    /// <summary>Where deliveries go (http or https, up to 300 characters; loopback allowed, as in SePay's test mode).</summary>
    public string WebhookUrl { get; init; } = "";

    /// <summary>SePay's "is this a payment verification webhook" flag (stored and shown; it changes nothing SePay documents).</summary>
    public bool IsVerifyPayment { get; init; }

    /// <summary>No delivery when no payment code was found.</summary>
    public bool SkipIfNoCode { get; init; }

    /// <summary>When not empty, a delivery only when the payment code starts with one of these.</summary>
    public IReadOnlyList<string> PrefixFilters { get; init; } = [];

    /// <summary>Retry non-2xx answers too (<c>retry_conditions.non_2xx_status_code</c> = 1); network failures are always retried.</summary>
    public bool RetryOnNon2xx { get; init; }

    /// <summary>Only transactions on a virtual account (those in <see cref="BankSubAccountIds"/> when it is not empty).</summary>
    public bool OnlyVa { get; init; }

    /// <summary>The virtual accounts <see cref="OnlyVa"/> selects.</summary>
    public IReadOnlyList<long> BankSubAccountIds { get; init; } = [];

    /// <summary>Consecutive failures before an alert (1 to 20, default 3).</summary>
    public int AlertThreshold { get; init; } = 3;

    /// <summary>Which alerts: <c>failure</c>, <c>recovery</c>.</summary>
    public IReadOnlyList<string> AlertEventTypes { get; init; } = ["failure", "recovery"];

    /// <summary>Whether it fires at all.</summary>
    public bool Active { get; init; } = true;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The key of <see cref="WebhookAuthType.ApiKey"/>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The secret of <see cref="WebhookAuthType.HmacSha256"/> (<c>whsec_...</c>; generated when not given).</summary>
    public string? SecretKey { get; init; }

    /// <summary>The receiver's token endpoint for <see cref="WebhookAuthType.OAuth2"/>.</summary>
    public WebhookOAuth? OAuth { get; init; }

    /// <summary>The body's content type.</summary>
    public WebhookContentType ContentType { get; init; } = WebhookContentType.Json;
}
