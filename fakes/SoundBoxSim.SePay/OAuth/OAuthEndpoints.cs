using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace SoundBoxSim.SePay.OAuth;

/// <summary>
/// SePay's OAuth2 endpoints (contract 3.10) and the bearer-token guard for the management APIs (contract 3.9).
/// </summary>
public static class OAuthEndpoints
{
    /// <summary>The authorization endpoint, as at SePay.</summary>
    public const string AuthorizePath = "/oauth/authorize";

    /// <summary>The token endpoint (get and refresh), as at SePay.</summary>
    public const string TokenPath = "/oauth/token";

    /// <summary>
    /// Maps <c>GET /oauth/authorize</c> and <c>POST /oauth/token</c> onto <paramref name="app"/>.
    /// </summary>
    /// <remarks>
    /// <para><b>GET /oauth/authorize</b> <c>?response_type=code&amp;client_id&amp;redirect_uri&amp;scope&amp;state</c>
    /// approves at once, as <see cref="OAuthOptions.Subject"/>, and answers 302 to
    /// <c>redirect_uri?code=...&amp;state=...</c> (state echoed unchanged, only when sent; a query already in
    /// redirect_uri is kept). Any bad parameter (a missing or unknown client_id, a redirect_uri the client did not
    /// register, a response_type other than <c>code</c>, an unknown scope or one the client may not have, a parameter
    /// sent twice) answers a 400 HTML page naming the parameter and never redirects. RFC 6749 4.1.2.1 would redirect
    /// the errors found after client_id and redirect_uri are checked; the fake shows them instead, so a test sees what
    /// was wrong. Unknown parameters (such as <c>prompt</c>) are ignored. Other methods: 405.</para>
    /// <para><b>POST /oauth/token</b>, <c>application/x-www-form-urlencoded</c>, client credentials in the body
    /// (<c>client_id</c>, <c>client_secret</c>) or HTTP Basic (not both): <c>grant_type=authorization_code</c> (code,
    /// redirect_uri), <c>refresh_token</c> (refresh_token, optional narrower scope) and, when
    /// <see cref="OAuthOptions.AllowClientCredentials"/>, <c>client_credentials</c> (optional scope). Success: 200
    /// <c>{"access_token","token_type":"Bearer","expires_in","refresh_token","scope"}</c>, without refresh_token for client
    /// credentials. Errors (RFC 6749 5.2): 400 <c>{"error","error_description"}</c> with <c>invalid_request</c> (missing
    /// parameter, parameter twice, bad encoding, wrong Content-Type, empty body), <c>invalid_grant</c> (bad, used or
    /// expired code or refresh token, redirect_uri mismatch), <c>unsupported_grant_type</c>, <c>invalid_scope</c>; 401
    /// <c>invalid_client</c> (no, unknown or wrong credentials, an Authorization header that is not valid Basic), with
    /// <c>WWW-Authenticate: Basic</c> when an Authorization header was sent; 413 <c>invalid_request</c> for a body over
    /// <see cref="OAuthOptions.MaxBodyBytes"/>; 405 for other methods. Responses carry <c>Cache-Control: no-store</c>.</para>
    /// </remarks>
    public static IEndpointRouteBuilder MapSePayOAuth(this IEndpointRouteBuilder app, OAuthServer server)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(server);
        app.Map(AuthorizePath, context => AuthorizeEndpoint(context, server).ExecuteAsync(context));
        app.Map(TokenPath, async context => await (await TokenEndpoint(context, server)).ExecuteAsync(context));
        return app;
    }

    /// <summary>
    /// Lets only requests with a valid bearer token that has <paramref name="scope"/> reach the endpoint(s); others get
    /// the 401 <c>access_denied</c> or 403 <c>insufficient_scope</c> described on <see cref="OAuthServer.Authorize"/>.
    /// The handler reads the token's principal with <see cref="GetOAuthPrincipal"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var api = app.MapGroup("/api/v1");
    /// api.MapGet("/webhooks", (HttpContext c) => Results.Ok(List(c.GetOAuthPrincipal()!.Subject))).RequireScope(oauth, OAuthScopes.WebhookRead);
    /// api.MapPost("/webhooks", ...).RequireScope(oauth, OAuthScopes.WebhookWrite);
    /// </code>
    /// </example>
    /// <remarks>
    /// An endpoint filter: it runs for route handlers (delegates given to MapGet, MapPost, ... or groups of them), not
    /// for endpoints mapped with a plain <see cref="RequestDelegate"/>. Call <see cref="OAuthServer.Authorize"/> inside
    /// those instead.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="scope"/> is not one of <see cref="OAuthScopes.All"/>.</exception>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, OAuthServer server, string scope)
        where TBuilder : IEndpointConventionBuilder
    {
        if (!OAuthScopes.IsKnown(scope))
        {
            throw new ArgumentException($"'{scope}' is not a SePay scope; use one of: {string.Join(' ', OAuthScopes.All)}.", nameof(scope));
        }

        return Guard(builder, server, scope);
    }

    /// <summary>Like <see cref="RequireScope"/>, for endpoints any valid token may call whatever its scopes.</summary>
    public static TBuilder RequireAccessToken<TBuilder>(this TBuilder builder, OAuthServer server)
        where TBuilder : IEndpointConventionBuilder => Guard(builder, server, null);

    /// <summary>The principal of the request's access token, once <see cref="RequireScope"/>, <see cref="RequireAccessToken"/> or <see cref="OAuthServer.Authorize"/> accepted it; otherwise null.</summary>
    public static OAuthPrincipal? GetOAuthPrincipal(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return OAuthServer.PrincipalOf(context);
    }

    private static TBuilder Guard<TBuilder>(TBuilder builder, OAuthServer server, string? scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(server);
        builder.AddEndpointFilter(async (context, next) => server.Authorize(context.HttpContext, scope) is { } refusal ? refusal : await next(context));
        return builder;
    }

    private static IResult AuthorizeEndpoint(HttpContext context, OAuthServer server)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return OAuthResults.ErrorPage(405, "(method)", $"{context.Request.Method} is not supported here; open {AuthorizePath} with GET", allow: "GET");
        }

        if (!FormBody.TryParseQuery(context.Request.QueryString.Value, out var query, out var queryError))
        {
            return OAuthResults.ErrorPage(400, "(query string)", queryError);
        }

        var clientId = query.Get("client_id");
        if (clientId is null)
        {
            return OAuthResults.ErrorPage(400, "client_id", "client_id is missing; add client_id=<your app's client id>.");
        }

        if (server.FindClient(clientId) is not { } client)
        {
            return OAuthResults.ErrorPage(400, "client_id", $"client_id '{OAuthResults.Printable(clientId, 64)}' is not a registered app; use a client id from OAuthOptions.Clients.");
        }

        var redirectUri = query.Get("redirect_uri");
        if (redirectUri is null)
        {
            return OAuthResults.ErrorPage(400, "redirect_uri", "redirect_uri is missing; add the (percent-encoded) callback URL your app registered.");
        }

        if (!RedirectUris.IsAcceptable(redirectUri, out var why))
        {
            return OAuthResults.ErrorPage(400, "redirect_uri", $"redirect_uri '{OAuthResults.Printable(redirectUri, 200)}' is not usable: {why}.");
        }

        if (!RedirectUris.IsAllowed(client.RedirectUris, redirectUri))
        {
            var registered = client.RedirectUris.Count == 0 ? "any http or https URI" : string.Join(", ", client.RedirectUris);
            return OAuthResults.ErrorPage(400, "redirect_uri",
                $"redirect_uri '{OAuthResults.Printable(redirectUri, 200)}' is not registered for client '{client.ClientId}'; it registered: {registered}.");
        }

        var responseType = query.Get("response_type");
        if (responseType != "code")
        {
            return OAuthResults.ErrorPage(400, "response_type", responseType is null
                ? "response_type is missing; add response_type=code (the only flow SePay supports)."
                : $"response_type '{OAuthResults.Printable(responseType, 40)}' is not supported; use response_type=code (authorization code flow).");
        }

        var scope = query.Get("scope");
        IReadOnlySet<string> scopes;
        if (scope is null)
        {
            if (server.Options.RequireScope)
            {
                return OAuthResults.ErrorPage(400, "scope", $"scope is missing; add scope=<space-separated scopes>, some of: {string.Join(' ', client.Scopes)}.");
            }

            scopes = client.Scopes.ToHashSet(StringComparer.Ordinal);
        }
        else if (!TryParseScopes(scope, client, out scopes, out var scopeError))
        {
            return OAuthResults.ErrorPage(400, "scope", scopeError);
        }

        var state = query.Get("state");
        if (state is null && server.Options.RequireState)
        {
            return OAuthResults.ErrorPage(400, "state", "state is missing; add state=<a random value you check on the callback> (CSRF protection).");
        }

        var code = server.IssueCode(client, redirectUri, scopes);
        var location = new StringBuilder(redirectUri);
        if (!redirectUri.EndsWith('?') && !redirectUri.EndsWith('&'))
        {
            location.Append(redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?');
        }

        location.Append("code=").Append(Uri.EscapeDataString(code));
        if (state is not null)
        {
            location.Append("&state=").Append(Uri.EscapeDataString(state));
        }

        return OAuthResults.Redirect(location.ToString());
    }

    private static async Task<IResult> TokenEndpoint(HttpContext context, OAuthServer server)
    {
        try
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                throw new OAuthProtocolException(405, "invalid_request", $"{context.Request.Method} is not supported here; POST the token request as a form");
            }

            var form = await FormBody.ReadAsync(context.Request, server.Options.MaxBodyBytes);
            var grantType = form.Get("grant_type") ?? throw OAuthProtocolException.InvalidRequest(
                "grant_type is missing; send grant_type=authorization_code, refresh_token" + (server.Options.AllowClientCredentials ? " or client_credentials" : ""));
            if (grantType is not ("authorization_code" or "refresh_token") && !(grantType == "client_credentials" && server.Options.AllowClientCredentials))
            {
                throw new OAuthProtocolException(400, "unsupported_grant_type",
                    $"grant_type '{OAuthResults.Printable(grantType, 40)}' is not supported; use authorization_code or refresh_token"
                    + (server.Options.AllowClientCredentials ? ", or client_credentials (a simulator shortcut)" : ""));
            }

            var client = AuthenticateClient(context.Request, form, server);
            var token = grantType switch
            {
                "authorization_code" => server.RedeemCode(client,
                    form.Get("code") ?? throw OAuthProtocolException.InvalidRequest("code is missing; send the code from the authorization redirect"),
                    form.Get("redirect_uri") ?? throw OAuthProtocolException.InvalidRequest("redirect_uri is missing; send the same redirect_uri as in the authorization request")),
                "refresh_token" => server.Refresh(client,
                    form.Get("refresh_token") ?? throw OAuthProtocolException.InvalidRequest("refresh_token is missing; send the refresh_token of the last token response"),
                    RequestedScopes(form, client)),
                _ => server.ClientCredentials(client, RequestedScopes(form, client)),
            };
            return OAuthResults.Token(token);
        }
        catch (OAuthProtocolException error)
        {
            return OAuthResults.TokenError(error);
        }
    }

    /// <summary>Client authentication (RFC 6749 2.3.1): HTTP Basic (URL-encoded id and secret, or raw) or the form, not both.</summary>
    private static OAuthClient AuthenticateClient(HttpRequest request, IReadOnlyDictionary<string, string> form, OAuthServer server)
    {
        var header = request.Headers.Authorization;
        if (header.Count > 0)
        {
            var (decodedId, rawId, secret, rawSecret) = ParseBasic(header);
            var id = server.FindClient(decodedId) is null && server.FindClient(rawId) is not null ? rawId : decodedId;
            if (form.ContainsKey("client_secret"))
            {
                throw OAuthProtocolException.InvalidRequest("the client authenticated with both HTTP Basic and client_secret in the body; use one (RFC 6749 2.3)");
            }

            if (form.Get("client_id") is { } bodyId && bodyId != id)
            {
                throw OAuthProtocolException.InvalidRequest("client_id in the body differs from the HTTP Basic user name; send one client id");
            }

            return server.AuthenticateClient(id, secret, viaBasic: true, rawSecret);
        }

        var clientId = form.Get("client_id") ?? throw OAuthProtocolException.InvalidClient(
            "no client authentication; send client_id and client_secret in the form, or HTTP Basic (Authorization: Basic base64(client_id:client_secret))", basic: false);
        var clientSecret = form.Get("client_secret") ?? throw OAuthProtocolException.InvalidClient(
            $"client_secret is missing for client '{OAuthResults.Printable(clientId, 64)}'; send it in the form or use HTTP Basic", basic: false);
        return server.AuthenticateClient(clientId, clientSecret, viaBasic: false);
    }

    /// <summary>
    /// The Basic credentials, decoded as RFC 6749 2.3.1 says (form-urlencoded before base64) and also as sent, since
    /// many clients do not encode them.
    /// </summary>
    private static (string Id, string RawId, string Secret, string RawSecret) ParseBasic(StringValues header)
    {
        const string How = "; send Authorization: Basic base64(client_id:client_secret), or the credentials in the form without an Authorization header";
        if (header.Count != 1)
        {
            throw OAuthProtocolException.InvalidClient("more than one Authorization header" + How, basic: true);
        }

        var value = header[0]!.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !value[..space].Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            throw OAuthProtocolException.InvalidClient("the Authorization header is not HTTP Basic" + How, basic: true);
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(value[(space + 1)..].Trim()));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw OAuthProtocolException.InvalidClient("the HTTP Basic credentials are not base64 of UTF-8 text" + How, basic: true);
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw OAuthProtocolException.InvalidClient("the HTTP Basic credentials are not client_id:client_secret" + How, basic: true);
        }

        var rawId = decoded[..colon];
        var rawSecret = decoded[(colon + 1)..];
        var id = FormBody.TryDecode(Encoding.UTF8.GetBytes(rawId), out var decodedId, out _) ? decodedId : rawId;
        var secret = FormBody.TryDecode(Encoding.UTF8.GetBytes(rawSecret), out var decodedSecret, out _) ? decodedSecret : rawSecret;
        return (id, rawId, secret, rawSecret);
    }

    private static IReadOnlySet<string>? RequestedScopes(IReadOnlyDictionary<string, string> form, OAuthClient client)
    {
        if (form.Get("scope") is not { } scope)
        {
            return null;
        }

        return TryParseScopes(scope, client, out var scopes, out var error) ? scopes : throw OAuthProtocolException.InvalidScope(error);
    }

    private static bool TryParseScopes(string scope, OAuthClient client, out IReadOnlySet<string> scopes, out string error)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        scopes = set;
        error = "";
        foreach (var item in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!OAuthScopes.IsKnown(item))
            {
                error = $"scope '{OAuthResults.Printable(item, 40)}' is not a SePay scope; use space-separated scopes from: {string.Join(' ', OAuthScopes.All)}.";
                return false;
            }

            if (!client.Scopes.Contains(item, StringComparer.Ordinal))
            {
                error = $"scope '{item}' is not allowed for client '{client.ClientId}'; it may ask for: {string.Join(' ', client.Scopes)}.";
                return false;
            }

            set.Add(item);
        }

        if (set.Count == 0)
        {
            error = $"scope has no scopes in it; send space-separated scopes from: {string.Join(' ', client.Scopes)}, or leave scope out.";
            return false;
        }

        return true;
    }
}
