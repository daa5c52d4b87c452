namespace SoundBoxSim.SePay.OAuth;

/// <summary>Why an access token was refused.</summary>
public enum OAuthTokenFailure
{
    /// <summary>The token is valid.</summary>
    None,

    /// <summary>No token: no <c>Authorization</c> header, or an empty one.</summary>
    Missing,

    /// <summary>Not a <c>Bearer</c> header, not three base64url parts, not JSON, or not an HS256 token of this issuer.</summary>
    Malformed,

    /// <summary>The signature does not match: the token was changed, or signed by another server or run.</summary>
    BadSignature,

    /// <summary>The <c>exp</c> claim has passed on the server's clock.</summary>
    Expired,

    /// <summary>Signed by this server but no longer honoured: issued before <see cref="OAuthServer.Reset"/>, or from a reused authorization code.</summary>
    Revoked,
}

/// <summary>Who an access token speaks for.</summary>
/// <param name="Subject">The <c>sub</c> claim: the company/user id.</param>
/// <param name="ClientId">The <c>aud</c> claim: the client id the token was issued to.</param>
/// <param name="Scopes">The granted scopes (the <c>scope</c> claim, split on spaces).</param>
/// <param name="TokenId">The <c>jti</c> claim.</param>
/// <param name="IssuedAt">The <c>iat</c> claim.</param>
/// <param name="ExpiresAt">The <c>exp</c> claim.</param>
public sealed record OAuthPrincipal(string Subject, string ClientId, IReadOnlySet<string> Scopes, string TokenId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>True when the token was granted <paramref name="scope"/>.</summary>
    public bool HasScope(string scope) => Scopes.Contains(scope);
}

/// <summary>The outcome of checking an access token: a principal, or the failure and a message that says what to do.</summary>
/// <param name="Principal">Who the token speaks for; null when it was refused.</param>
/// <param name="Failure">Why it was refused; <see cref="OAuthTokenFailure.None"/> when valid.</param>
/// <param name="Message">What was wrong and how to get a good token; empty when valid.</param>
public sealed record OAuthTokenValidation(OAuthPrincipal? Principal, OAuthTokenFailure Failure, string Message)
{
    /// <summary>True when the token is valid.</summary>
    public bool IsValid => Principal is not null;

    internal static OAuthTokenValidation Fail(OAuthTokenFailure failure, string message) => new(null, failure, message);
}

/// <summary>A successful token response (RFC 6749 5.1), as <c>POST /oauth/token</c> writes it.</summary>
/// <param name="AccessToken">The JWT access token.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresIn">Seconds until the access token expires.</param>
/// <param name="RefreshToken">The opaque refresh token; null for client credentials.</param>
/// <param name="Scope">The granted scopes, space-separated.</param>
public sealed record OAuthTokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? RefreshToken, string Scope);

/// <summary>An RFC 6749 5.2 error the token endpoint answers with.</summary>
internal sealed class OAuthProtocolException(int status, string error, string description, bool basicChallenge = false) : Exception(description)
{
    public int Status { get; } = status;

    public string Error { get; } = error;

    /// <summary>True when the client used HTTP Basic, so a 401 carries <c>WWW-Authenticate: Basic</c> (RFC 6749 5.2).</summary>
    public bool BasicChallenge { get; } = basicChallenge;

    public static OAuthProtocolException InvalidRequest(string description) => new(400, "invalid_request", description);

    public static OAuthProtocolException InvalidGrant(string description) => new(400, "invalid_grant", description);

    public static OAuthProtocolException InvalidScope(string description) => new(400, "invalid_scope", description);

    public static OAuthProtocolException InvalidClient(string description, bool basic) => new(401, "invalid_client", description, basic);
}
