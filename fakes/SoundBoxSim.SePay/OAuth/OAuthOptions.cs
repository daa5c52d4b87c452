namespace SoundBoxSim.SePay.OAuth;

/// <summary>
/// An OAuth application registered with the fake SePay (at SePay an app is registered by contacting SePay; here it is
/// configured).
/// </summary>
/// <param name="ClientId">The client id, sent as <c>client_id</c> (or the user name of HTTP Basic).</param>
/// <param name="ClientSecret">The client secret, sent as <c>client_secret</c> (or the password of HTTP Basic).</param>
/// <param name="RedirectUris">
/// The redirect URIs the app registered. A requested <c>redirect_uri</c> must equal one of them exactly (RFC 6749
/// 3.1.2.3), except that a registered loopback <c>http</c> URI (<c>127.0.0.1</c>, <c>[::1]</c>, <c>localhost</c>)
/// matches the same URI on any port (RFC 8252 7.3), so a test callback on port 0 can be registered without a port.
/// Empty (the default) accepts any absolute <c>http</c> or <c>https</c> URI without a fragment: convenient for a
/// simulator, and never what a real authorization server does.
/// </param>
/// <param name="Scopes">The scopes the app may ask for; each must be one of <see cref="OAuthScopes.All"/>.</param>
public sealed record OAuthClient(string ClientId, string ClientSecret, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> Scopes)
{
    /// <summary>An app that may use every redirect URI and every scope.</summary>
    public OAuthClient(string clientId, string clientSecret)
        : this(clientId, clientSecret, [], OAuthScopes.All)
    {
    }
}

/// <summary>
/// How the fake SePay OAuth2 authorization server behaves (contract 3.10). Lifetimes default to SePay's documented
/// values; where SePay's behaviour is unknown the default is the project's choice, documented on the property.
/// </summary>
public sealed record OAuthOptions
{
    /// <summary>The default client id: <c>sbsim-oauth-client</c>.</summary>
    public const string DefaultClientId = "sbsim-oauth-client";

    /// <summary>The default client secret: <c>sbsim-oauth-secret</c>.</summary>
    public const string DefaultClientSecret = "sbsim-oauth-secret";

    /// <summary>
    /// The registered apps (default: one, <see cref="DefaultClientId"/> / <see cref="DefaultClientSecret"/>, any
    /// redirect URI, every scope).
    /// </summary>
    public IReadOnlyList<OAuthClient> Clients { get; init; } = [new(DefaultClientId, DefaultClientSecret)];

    /// <summary>Access token (JWT) lifetime, whole seconds (default 1 hour, as SePay documents).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Refresh token lifetime, whole seconds (default 30 days; SePay documents "1 month"). Each refresh token, including
    /// one issued by a refresh, lasts this long from its own issue.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Authorization code lifetime (default 5 minutes, as SePay documents). Codes are single use.</summary>
    public TimeSpan CodeLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The JWT <c>iss</c> claim (default <c>https://my.sepay.vn</c>, the value in SePay's decoded example).</summary>
    public string Issuer { get; init; } = "https://my.sepay.vn";

    /// <summary>
    /// The JWT <c>sub</c> claim: the company/user who approves every authorization request (the fake approves
    /// automatically) and on whose behalf client-credentials tokens act (default <c>1</c>; SePay's example is a numeric
    /// string such as <c>12345</c>).
    /// </summary>
    public string Subject { get; init; } = "1";

    /// <summary>
    /// When true, <c>grant_type=client_credentials</c> is accepted (default true). This is a test shortcut to get a
    /// token without the browser step; SePay documents only the authorization code flow. Such tokens carry no refresh
    /// token (RFC 6749 4.4.3).
    /// </summary>
    public bool AllowClientCredentials { get; init; } = true;

    /// <summary>
    /// When true, <c>/oauth/authorize</c> refuses a request without <c>scope</c>, as SePay's quick start marks it
    /// required. Default false: a missing scope grants every scope the client is registered for (RFC 6749 3.3 allows a
    /// default; SePay's flow page says so too, in garbled text).
    /// </summary>
    public bool RequireScope { get; init; }

    /// <summary>
    /// When true, <c>/oauth/authorize</c> refuses a request without <c>state</c>, as SePay's quick start marks it
    /// required. Default false: <c>state</c> is optional (RFC 6749 recommends it) and echoed only when sent.
    /// </summary>
    public bool RequireState { get; init; }

    /// <summary>The largest <c>/oauth/token</c> body accepted (default 16 KiB); a bigger one gets 413.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// The HMAC-SHA256 key access tokens are signed with, at least 32 bytes. Default null: 32 random bytes made when the
    /// server is created, so tokens from another run are refused. Set it only to verify tokens elsewhere (tests).
    /// </summary>
    public ReadOnlyMemory<byte>? SigningKey { get; init; }

    /// <summary>The clock for token, refresh token and code lifetimes.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the values; the message names the property, what is wrong and what is allowed.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Clients, nameof(Clients));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (Clients.Count == 0)
        {
            throw new ArgumentException("OAuthOptions.Clients is empty; register at least one client (ClientId, ClientSecret).", nameof(Clients));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var client in Clients)
        {
            if (client is null || string.IsNullOrWhiteSpace(client.ClientId) || string.IsNullOrEmpty(client.ClientSecret))
            {
                throw new ArgumentException("OAuthOptions.Clients: every client needs a non-blank ClientId and a non-empty ClientSecret.", nameof(Clients));
            }

            if (!seen.Add(client.ClientId))
            {
                throw new ArgumentException($"OAuthOptions.Clients has client id '{client.ClientId}' twice; client ids must be unique.", nameof(Clients));
            }

            var unknownScopes = client.Scopes?.Where(s => !OAuthScopes.IsKnown(s)).Select(s => s ?? "(null)").ToList() ?? [];
            if (client.Scopes is null || client.Scopes.Count == 0 || unknownScopes.Count > 0)
            {
                throw new ArgumentException(
                    $"OAuthOptions.Clients['{client.ClientId}'].Scopes {(unknownScopes.Count == 0 ? "is empty" : $"has unknown scope '{unknownScopes[0]}'")}; use one or more of: {string.Join(' ', OAuthScopes.All)}.",
                    nameof(Clients));
            }

            foreach (var uri in client.RedirectUris ?? throw new ArgumentException($"OAuthOptions.Clients['{client.ClientId}'].RedirectUris is null; use [] to accept any URI.", nameof(Clients)))
            {
                if (!RedirectUris.IsAcceptable(uri, out var why))
                {
                    throw new ArgumentException($"OAuthOptions.Clients['{client.ClientId}'].RedirectUris has '{uri}': {why}.", nameof(Clients));
                }
            }
        }

        CheckLifetime(AccessTokenLifetime, nameof(AccessTokenLifetime));
        CheckLifetime(RefreshTokenLifetime, nameof(RefreshTokenLifetime));
        CheckLifetime(CodeLifetime, nameof(CodeLifetime));

        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"OAuthOptions.Issuer '{Issuer}' is not an absolute URI; use e.g. https://my.sepay.vn.", nameof(Issuer));
        }

        if (string.IsNullOrWhiteSpace(Subject))
        {
            throw new ArgumentException("OAuthOptions.Subject is blank; use the company/user id tokens act for, e.g. \"1\".", nameof(Subject));
        }

        if (MaxBodyBytes is < 1024 or > 1024 * 1024)
        {
            throw new ArgumentException($"OAuthOptions.MaxBodyBytes is {MaxBodyBytes}; use 1024 (1 KiB) to 1048576 (1 MiB).", nameof(MaxBodyBytes));
        }

        if (SigningKey is { Length: < 32 } key)
        {
            throw new ArgumentException($"OAuthOptions.SigningKey has {key.Length} bytes; HS256 needs at least 32, or leave it null for a random key.", nameof(SigningKey));
        }
    }

    private static void CheckLifetime(TimeSpan value, string name)
    {
        if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(3650) || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"OAuthOptions.{name} is {value}; use a whole number of seconds from 1 second to 3650 days.", name);
        }
    }
}
