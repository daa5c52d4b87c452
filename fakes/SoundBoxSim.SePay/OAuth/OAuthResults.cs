using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SoundBoxSim.SePay.OAuth;

/// <summary>The answers of the OAuth endpoints and of protected API endpoints.</summary>
internal static class OAuthResults
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>200 with the token response (RFC 6749 5.1), never cached.</summary>
    public static IResult Token(OAuthTokenResponse token) => Json(200, writer =>
    {
        writer.WriteString("access_token", token.AccessToken);
        writer.WriteString("token_type", token.TokenType);
        writer.WriteNumber("expires_in", token.ExpiresIn);
        if (token.RefreshToken is not null)
        {
            writer.WriteString("refresh_token", token.RefreshToken);
        }

        writer.WriteString("scope", token.Scope);
    }, null, noStore: true);

    /// <summary>An RFC 6749 5.2 error: <c>{"error","error_description"}</c>; 401s after HTTP Basic carry a Basic challenge.</summary>
    public static IResult TokenError(OAuthProtocolException error) => Json(error.Status, writer =>
    {
        writer.WriteString("error", error.Error);
        writer.WriteString("error_description", DescriptionSafe(error.Message));
    }, error.Status == 401 && error.BasicChallenge ? $"Basic realm=\"{OAuthServer.Realm}\", charset=\"UTF-8\"" : null, noStore: true, allow: error.Status == 405 ? "POST" : null);

    /// <summary>A protected API's refusal: <c>{"error","message"}</c> with a Bearer challenge.</summary>
    public static IResult ApiError(int status, string error, string message, string challenge) => Json(status, writer =>
    {
        writer.WriteString("error", error);
        writer.WriteString("message", message);
    }, challenge, noStore: false);

    /// <summary>The authorization endpoint's error page: HTML naming the parameter, never a redirect (RFC 6749 4.1.2.1).</summary>
    public static IResult ErrorPage(int status, string parameter, string message, string? allow = null)
    {
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>SePay OAuth: request refused</title></head>
            <body>
            <h1>Authorization request refused</h1>
            <p>Parameter: <code id="parameter">{WebUtility.HtmlEncode(parameter)}</code></p>
            <p id="message">{WebUtility.HtmlEncode(message)}</p>
            </body>
            </html>

            """;
        return new BytesResult(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html), null, noStore: true, allow);
    }

    /// <summary>302 to <paramref name="location"/>, never cached.</summary>
    public static IResult Redirect(string location) => new BytesResult(302, null, [], null, noStore: true, null, location);

    /// <summary>Text safe to echo in a message: control characters replaced, at most <paramref name="max"/> characters.</summary>
    public static string Printable(string text, int max)
    {
        var builder = new StringBuilder(Math.Min(text.Length, max));
        foreach (var c in text.Take(max))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > max ? builder.Append("...").ToString() : builder.ToString();
    }

    /// <summary>RFC 6749 limits error_description to %x20-21 / %x23-5B / %x5D-7E: no quote, backslash or non-ASCII.</summary>
    public static string DescriptionSafe(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= ' ' and <= '~' and not '"' and not '\\' ? c : c == '"' ? '\'' : '?';
            }
        });

    /// <summary>The same for a quoted-string in a header.</summary>
    public static string HeaderSafe(string text) => DescriptionSafe(text);

    private static BytesResult Json(int status, Action<Utf8JsonWriter> write, string? challenge, bool noStore, string? allow = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new BytesResult(status, "application/json; charset=utf-8", stream.ToArray(), challenge, noStore, allow);
    }

    private sealed class BytesResult(int status, string? contentType, byte[] body, string? challenge, bool noStore, string? allow, string? location = null) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            if (challenge is not null)
            {
                response.Headers.WWWAuthenticate = challenge;
            }

            if (noStore)
            {
                response.Headers.CacheControl = "no-store";
                response.Headers.Pragma = "no-cache";
            }

            if (allow is not null)
            {
                response.Headers.Allow = allow;
            }

            if (location is not null)
            {
                response.Headers.Location = location;
            }

            if (contentType is not null)
            {
                response.ContentType = contentType;
            }

            response.ContentLength = body.Length;
            if (body.Length > 0 && !HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(body, httpContext.RequestAborted);
            }
        }
    }
}
