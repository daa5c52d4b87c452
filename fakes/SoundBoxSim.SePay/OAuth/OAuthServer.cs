using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace SoundBoxSim.SePay.OAuth;

/// <summary>
/// The fake SePay's OAuth2 authorization server (contract 3.10): issues authorization codes, access tokens and refresh
/// tokens on <see cref="OAuthOptions.TimeProvider"/>, and checks access tokens for the management APIs. Thread-safe.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Access tokens are HS256 JWTs with claims <c>iss</c>, <c>sub</c>, <c>aud</c> (the client id), <c>exp</c>,
/// <c>iat</c>, <c>scope</c> (space-separated) and <c>jti</c>, signed with <see cref="OAuthOptions.SigningKey"/> (default a
/// random key per server). The server also remembers every token it issued, so <see cref="Reset"/> and a reused code
/// can revoke tokens whose signature is still good.</item>
/// <item>Refresh tokens are opaque random strings, rotated on every use: the old one is refused afterwards. The new one
/// keeps the original scopes and lasts <see cref="OAuthOptions.RefreshTokenLifetime"/> from its own issue. Access tokens
/// issued earlier stay valid until they expire.</item>
/// <item>Authorization codes are single use, bound to the client and the exact <c>redirect_uri</c>, and last
/// <see cref="OAuthOptions.CodeLifetime"/>. Presenting a used code again revokes every token issued from it
/// (RFC 6749 4.1.2). A refused redemption (wrong client or redirect_uri) does not use the code up.</item>
/// </list>
/// </remarks>
public sealed class OAuthServer
{
    /// <summary>The <c>realm</c> of the <c>WWW-Authenticate</c> challenges.</summary>
    public const string Realm = "SePay";

    private const int PruneEvery = 256;
    private const string PrincipalKey = "SoundBoxSim.SePay.OAuth.Principal";

    private readonly Lock _lock = new();
    private readonly Jwt _jwt;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OAuthClient> _clients;
    private readonly Dictionary<string, CodeEntry> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessEntry> _access = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshEntry> _refresh = new(StringComparer.Ordinal);
    private int _sincePrune;

    /// <summary>Creates a server with <paramref name="options"/> (default <see cref="OAuthOptions"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message says which and why.</exception>
    public OAuthServer(OAuthOptions? options = null)
    {
        Options = options ?? new OAuthOptions();
        Options.Validate();
        _time = Options.TimeProvider;
        _jwt = new Jwt(Options.SigningKey is { } key ? key.ToArray() : RandomNumberGenerator.GetBytes(32));
        _clients = Options.Clients.ToDictionary(c => c.ClientId, StringComparer.Ordinal);
    }

    /// <summary>The options the server was created with.</summary>
    public OAuthOptions Options { get; }

    /// <summary>The registered client with id <paramref name="clientId"/>; null when there is none.</summary>
    public OAuthClient? FindClient(string? clientId) => clientId is not null && _clients.TryGetValue(clientId, out var client) ? client : null;

    /// <summary>
    /// Issues tokens directly, without the authorization step: for tests and seeding. The token acts for
    /// <see cref="OAuthOptions.Subject"/>.
    /// </summary>
    /// <param name="clientId">A registered client id.</param>
    /// <param name="scopes">Scopes to grant (default: every scope the client is registered for).</param>
    /// <param name="withRefreshToken">Whether to issue a refresh token too (default true).</param>
    /// <exception cref="ArgumentException">The client is unknown, or a scope is unknown or not allowed for it.</exception>
    public OAuthTokenResponse IssueToken(string clientId, IEnumerable<string>? scopes = null, bool withRefreshToken = true)
    {
        var client = FindClient(clientId) ?? throw new ArgumentException(
            $"client '{clientId}' is not registered; use one of OAuthOptions.Clients: {string.Join(", ", _clients.Keys)}.", nameof(clientId));
        var granted = scopes?.ToHashSet(StringComparer.Ordinal) ?? client.Scopes.ToHashSet(StringComparer.Ordinal);
        if (granted.FirstOrDefault(s => !client.Scopes.Contains(s, StringComparer.Ordinal)) is { } bad)
        {
            throw new ArgumentException($"scope '{bad}' is not allowed for client '{clientId}'; it may have: {string.Join(' ', client.Scopes)}.", nameof(scopes));
        }

        lock (_lock)
        {
            return IssueTokens_NeedsLock(client.ClientId, Options.Subject, granted, new Grant(), withRefreshToken ? granted : null);
        }
    }

    /// <summary>Checks an access token (the JWT itself, without <c>Bearer</c>).</summary>
    public OAuthTokenValidation ValidateAccessToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return OAuthTokenValidation.Fail(OAuthTokenFailure.Missing, "no access token; send Authorization: Bearer <access_token from POST /oauth/token>");
        }

        var (claims, failure, message) = _jwt.Read(token, Options.Issuer);
        if (claims is null)
        {
            return OAuthTokenValidation.Fail(failure, message);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(claims.ExpiresAt);
        if (_time.GetUtcNow() >= expires)
        {
            return OAuthTokenValidation.Fail(OAuthTokenFailure.Expired,
                $"the access token expired at {expires:O}; refresh it with grant_type=refresh_token at POST /oauth/token");
        }

        lock (_lock)
        {
            if (!_access.TryGetValue(claims.TokenId, out var entry) || entry.Grant.Revoked)
            {
                return OAuthTokenValidation.Fail(OAuthTokenFailure.Revoked,
                    "the access token was revoked (the server was reset, or its authorization code was used twice); authorize again");
            }
        }

        var scopes = claims.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var principal = new OAuthPrincipal(claims.Subject, claims.Audience, scopes, claims.TokenId, DateTimeOffset.FromUnixTimeSeconds(claims.IssuedAt), expires);
        return new OAuthTokenValidation(principal, OAuthTokenFailure.None, "");
    }

    /// <summary>Checks the value(s) of an <c>Authorization</c> header, which must be one <c>Bearer &lt;token&gt;</c>.</summary>
    public OAuthTokenValidation ValidateAuthorizationHeader(StringValues header)
    {
        if (header.Count == 0 || (header.Count == 1 && string.IsNullOrWhiteSpace(header[0])))
        {
            return ValidateAccessToken(null);
        }

        if (header.Count > 1)
        {
            return OAuthTokenValidation.Fail(OAuthTokenFailure.Malformed, "the request has more than one Authorization header; send exactly one: Bearer <access_token>");
        }

        var value = header[0]!.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return OAuthTokenValidation.Fail(OAuthTokenFailure.Malformed,
                $"the Authorization header's scheme is '{Printable(scheme, 20)}'; this API takes Authorization: Bearer <access_token>");
        }

        var token = space < 0 ? "" : value[(space + 1)..].Trim();
        if (token.Length == 0)
        {
            return OAuthTokenValidation.Fail(OAuthTokenFailure.Missing, "the Authorization header says Bearer but has no token; send Authorization: Bearer <access_token>");
        }

        if (!token.All(IsToken68Char))
        {
            return OAuthTokenValidation.Fail(OAuthTokenFailure.Malformed, "the bearer token has characters a JWT never has (spaces, quotes, ...); send the access_token exactly as issued");
        }

        return ValidateAccessToken(token);
    }

    /// <summary>
    /// Checks the request's bearer token for an API endpoint. Returns null when the token is valid and has
    /// <paramref name="requiredScope"/> (then <see cref="OAuthEndpoints.GetOAuthPrincipal"/> returns its principal), or the
    /// answer to send instead:
    /// <list type="bullet">
    /// <item>401 <c>{"error":"access_denied","message":"..."}</c> for a missing, malformed, altered, expired or revoked
    /// token, with <c>WWW-Authenticate: Bearer realm="SePay"</c> (plus <c>error="invalid_token"</c> when a token was sent,
    /// RFC 6750 3.1). SePay's error bodies are not documented (contract 3.9); SePay's WooCommerce plugin treats
    /// <c>{"error":"access_denied"}</c> as "token expired: refresh and retry", so every token problem answers so.</item>
    /// <item>403 <c>{"error":"insufficient_scope","message":"this token lacks webhook:write"}</c> when the token is
    /// good but lacks the scope, with <c>WWW-Authenticate: Bearer realm="SePay", error="insufficient_scope",
    /// scope="webhook:write"</c>. Refreshing would not help, so this is deliberately not <c>access_denied</c>.</item>
    /// </list>
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="requiredScope">The scope the endpoint needs, one of <see cref="OAuthScopes.All"/>; null for any valid token.</param>
    public IResult? Authorize(HttpContext context, string? requiredScope)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validation = ValidateAuthorizationHeader(context.Request.Headers.Authorization);
        if (validation.Principal is not { } principal)
        {
            var challenge = validation.Failure == OAuthTokenFailure.Missing
                ? $"Bearer realm=\"{Realm}\""
                : $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{OAuthResults.HeaderSafe(validation.Message)}\"";
            return OAuthResults.ApiError(401, "access_denied", validation.Message, challenge);
        }

        if (requiredScope is not null && !principal.HasScope(requiredScope))
        {
            return OAuthResults.ApiError(403, "insufficient_scope", $"this token lacks {requiredScope}",
                $"Bearer realm=\"{Realm}\", error=\"insufficient_scope\", scope=\"{OAuthResults.HeaderSafe(requiredScope)}\"");
        }

        context.Items[PrincipalKey] = principal;
        return null;
    }

    /// <summary>Forgets every code, access token and refresh token; tokens issued before are refused as revoked.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var entry in _access.Values)
            {
                entry.Grant.Revoked = true;
            }

            foreach (var entry in _refresh.Values)
            {
                entry.Grant.Revoked = true;
            }

            _codes.Clear();
            _access.Clear();
            _refresh.Clear();
        }
    }

    internal static OAuthPrincipal? PrincipalOf(HttpContext context) => context.Items.TryGetValue(PrincipalKey, out var value) ? value as OAuthPrincipal : null;

    /// <summary>The client whose secret is <paramref name="secret"/>, or 401 invalid_client.</summary>
    internal OAuthClient AuthenticateClient(string clientId, string secret, bool viaBasic, string? rawSecret = null)
    {
        if (FindClient(clientId) is not { } client)
        {
            throw OAuthProtocolException.InvalidClient($"client_id '{OAuthResults.Printable(clientId, 64)}' is not registered; use a client from OAuthOptions.Clients", viaBasic);
        }

        if (!SecretMatches(client.ClientSecret, secret) && (rawSecret is null || !SecretMatches(client.ClientSecret, rawSecret)))
        {
            throw OAuthProtocolException.InvalidClient($"client_secret is wrong for client '{client.ClientId}'", viaBasic);
        }

        return client;
    }

    /// <summary>Issues an authorization code; the caller has checked the client, redirect URI and scopes.</summary>
    internal string IssueCode(OAuthClient client, string redirectUri, IReadOnlySet<string> scopes)
    {
        var code = NewSecret();
        lock (_lock)
        {
            PruneIfDue_NeedsLock();
            _codes[code] = new CodeEntry(client.ClientId, redirectUri, Options.Subject, scopes, _time.GetUtcNow() + Options.CodeLifetime, new Grant());
        }

        return code;
    }

    /// <summary><c>grant_type=authorization_code</c> (RFC 6749 4.1.3).</summary>
    internal OAuthTokenResponse RedeemCode(OAuthClient client, string code, string redirectUri)
    {
        lock (_lock)
        {
            if (!_codes.TryGetValue(code, out var entry))
            {
                throw OAuthProtocolException.InvalidGrant("the code is unknown: it was never issued, has expired and been forgotten, or the server was reset; authorize again");
            }

            if (entry.Used)
            {
                entry.Grant.Revoked = true;
                throw OAuthProtocolException.InvalidGrant("the code was already used (codes are single use); the tokens issued from it are now revoked (RFC 6749 4.1.2); authorize again");
            }

            if (_time.GetUtcNow() >= entry.Expires)
            {
                _codes.Remove(code);
                throw OAuthProtocolException.InvalidGrant(
                    $"the code expired at {entry.Expires:O} (codes last {Options.CodeLifetime.TotalSeconds:0} s); authorize again and exchange the code at once");
            }

            if (entry.ClientId != client.ClientId)
            {
                throw OAuthProtocolException.InvalidGrant($"the code was issued to another client, not '{client.ClientId}'");
            }

            if (!string.Equals(entry.RedirectUri, redirectUri, StringComparison.Ordinal))
            {
                throw OAuthProtocolException.InvalidGrant(
                    $"redirect_uri '{OAuthResults.Printable(redirectUri, 200)}' differs from the one in the authorization request; send exactly the same string (RFC 6749 4.1.3)");
            }

            entry.Used = true;
            return IssueTokens_NeedsLock(entry.ClientId, entry.Subject, entry.Scopes, entry.Grant, entry.Scopes);
        }
    }

    /// <summary><c>grant_type=refresh_token</c> (RFC 6749 6), rotating the refresh token.</summary>
    internal OAuthTokenResponse Refresh(OAuthClient client, string refreshToken, IReadOnlySet<string>? scopes)
    {
        lock (_lock)
        {
            if (!_refresh.TryGetValue(refreshToken, out var entry))
            {
                throw OAuthProtocolException.InvalidGrant("the refresh_token is unknown: it was never issued, has expired, or the server was reset; authorize again");
            }

            if (entry.Rotated)
            {
                throw OAuthProtocolException.InvalidGrant("the refresh_token was already used; refresh tokens are single use, so send the refresh_token of the last token response");
            }

            if (_time.GetUtcNow() >= entry.Expires)
            {
                _refresh.Remove(refreshToken);
                throw OAuthProtocolException.InvalidGrant($"the refresh_token expired at {entry.Expires:O}; authorize again");
            }

            if (entry.Grant.Revoked)
            {
                throw OAuthProtocolException.InvalidGrant("the refresh_token was revoked because its authorization code was used twice; authorize again");
            }

            if (entry.ClientId != client.ClientId)
            {
                throw OAuthProtocolException.InvalidGrant($"the refresh_token was issued to another client, not '{client.ClientId}'");
            }

            if (scopes?.FirstOrDefault(s => !entry.Scopes.Contains(s)) is { } wider)
            {
                throw OAuthProtocolException.InvalidScope(
                    $"scope '{wider}' was not granted with this refresh_token; ask for some of '{OAuthScopes.Format(entry.Scopes)}' or leave scope out");
            }

            entry.Rotated = true;
            return IssueTokens_NeedsLock(entry.ClientId, entry.Subject, scopes ?? entry.Scopes, entry.Grant, entry.Scopes);
        }
    }

    /// <summary><c>grant_type=client_credentials</c> (RFC 6749 4.4): no refresh token (4.4.3).</summary>
    internal OAuthTokenResponse ClientCredentials(OAuthClient client, IReadOnlySet<string>? scopes)
    {
        lock (_lock)
        {
            return IssueTokens_NeedsLock(client.ClientId, Options.Subject, scopes ?? client.Scopes.ToHashSet(StringComparer.Ordinal), new Grant(), null);
        }
    }

    private OAuthTokenResponse IssueTokens_NeedsLock(string clientId, string subject, IReadOnlySet<string> scopes, Grant grant, IReadOnlySet<string>? refreshScopes)
    {
        PruneIfDue_NeedsLock();
        var now = _time.GetUtcNow();
        var iat = now.ToUnixTimeSeconds();
        var lifetime = (long)Options.AccessTokenLifetime.TotalSeconds;
        var jti = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var scope = OAuthScopes.Format(scopes);
        var access = _jwt.Sign(new JwtClaims(Options.Issuer, subject, clientId, iat + lifetime, iat, scope, jti));
        _access[jti] = new AccessEntry(grant, DateTimeOffset.FromUnixTimeSeconds(iat + lifetime));

        string? refresh = null;
        if (refreshScopes is not null)
        {
            refresh = NewSecret();
            _refresh[refresh] = new RefreshEntry(clientId, subject, refreshScopes, now + Options.RefreshTokenLifetime, grant);
        }

        return new OAuthTokenResponse(access, "Bearer", (int)lifetime, refresh, scope);
    }

    private void PruneIfDue_NeedsLock()
    {
        if (++_sincePrune < PruneEvery)
        {
            return;
        }

        _sincePrune = 0;
        var now = _time.GetUtcNow();
        foreach (var key in _codes.Where(p => now >= p.Value.Expires).Select(p => p.Key).ToList())
        {
            _codes.Remove(key);
        }

        foreach (var key in _access.Where(p => now >= p.Value.Expires).Select(p => p.Key).ToList())
        {
            _access.Remove(key);
        }

        foreach (var key in _refresh.Where(p => now >= p.Value.Expires).Select(p => p.Key).ToList())
        {
            _refresh.Remove(key);
        }
    }

    private static bool SecretMatches(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    private static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Printable(string text, int max) => OAuthResults.Printable(text, max);

    // RFC 7235 token68: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" and trailing "=".
    private static bool IsToken68Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/' or '=';

    /// <summary>Tokens issued together from one authorization (a code and its refreshes, or one direct issue); revoked as one.</summary>
    private sealed class Grant
    {
        public bool Revoked { get; set; }
    }

    private sealed record CodeEntry(string ClientId, string RedirectUri, string Subject, IReadOnlySet<string> Scopes, DateTimeOffset Expires, Grant Grant)
    {
        public bool Used { get; set; }
    }

    private sealed record AccessEntry(Grant Grant, DateTimeOffset Expires);

    private sealed record RefreshEntry(string ClientId, string Subject, IReadOnlySet<string> Scopes, DateTimeOffset Expires, Grant Grant)
    {
        public bool Rotated { get; set; }
    }
}
