using System.Globalization;
using System.Text;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>How an attempt failed below the success rule.</summary>
public enum AttemptErrorKind
{
    /// <summary>An HTTP answer arrived (it may still have failed the success rule).</summary>
    None,

    /// <summary>No TCP connection: refused, unreachable, DNS failure, or a TLS handshake that failed.</summary>
    ConnectFailed,

    /// <summary>No TCP connection within <see cref="RetryProfile.ConnectTimeout"/>.</summary>
    ConnectTimeout,

    /// <summary>Connected, but no complete answer within <see cref="RetryProfile.ResponseTimeout"/> of the start.</summary>
    ResponseTimeout,

    /// <summary>Connected, then the receiver reset or closed the connection before a complete answer.</summary>
    ConnectionReset,

    /// <summary>A 3xx answer; redirects are not followed (the status and <c>Location</c> are in the record).</summary>
    Redirect,

    /// <summary>Connected, but the answer was not valid HTTP.</summary>
    BadResponse,

    /// <summary>An <c>OAuth2.0</c> webhook's token request failed, so the delivery was not sent.</summary>
    TokenFailed,
}

/// <summary>
/// One delivery attempt, with everything the delivery log shows (contract 3.4, 3.8): the request as sent, the answer,
/// timing, what went wrong and the verdict.
/// </summary>
/// <remarks>
/// Secrets appear in full (this is a test tool); <see cref="Masked"/> gives a copy fit to show to others.
/// </remarks>
public sealed record AttemptRecord
{
    /// <summary>The default of <see cref="WebhookSenderOptions.MaxResponseBodyBytes"/>: 64 KiB.</summary>
    public const int DefaultMaxResponseBodyBytes = 64 * 1024;

    /// <summary>When the attempt started, on the sender's clock.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>From the start to the end of the answer or of the failure, on the sender's clock (an OAuth2 token request included).</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The request method: always <c>POST</c>.</summary>
    public string RequestMethod { get; init; } = "POST";

    /// <summary>The URL posted to.</summary>
    public required string RequestUrl { get; init; }

    /// <summary>The request headers the sender set, in order (Content-Type, Content-Length, auth headers, User-Agent); the transport adds Host.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; }

    /// <summary>The request body, exactly the UTF-8 bytes sent (all of SePay's content types are text).</summary>
    public required string RequestBody { get; init; }

    /// <summary>The HTTP status, or null when no answer arrived.</summary>
    public int? ResponseStatus { get; init; }

    /// <summary>The answer's headers (content headers included), values of a repeated header joined with <c>", "</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; init; } = [];

    /// <summary>The answer's body as UTF-8 text, up to <see cref="WebhookSenderOptions.MaxResponseBodyBytes"/>; what arrived before a failure; null when no answer arrived.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>Whether <see cref="ResponseBody"/> was cut at the limit.</summary>
    public bool ResponseBodyTruncated { get; init; }

    /// <summary>How the attempt failed below the success rule, or <see cref="AttemptErrorKind.None"/>.</summary>
    public AttemptErrorKind ErrorKind { get; init; }

    /// <summary>Why the attempt failed, for people (null when it succeeded): the network error, the redirect's target or the success rule's reason.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Delivered, failed and worth retrying, or failed for good (see <see cref="RetryRule"/>).</summary>
    public required AttemptVerdict Verdict { get; init; }

    /// <summary>A copy with Authorization credentials masked (<c>Apikey ****cdef</c>, <c>Bearer ****xyz1</c>); signatures and bodies hold no secret and are kept.</summary>
    public AttemptRecord Masked() => this with
    {
        RequestHeaders = [.. RequestHeaders.Select(h => new KeyValuePair<string, string>(h.Key, AuthHeaders.MaskHeaderValue(h.Key, h.Value)))],
    };

    /// <summary>
    /// A command that sends the same request again with curl: URL, headers (not Content-Length, which curl computes)
    /// and the exact body, each argument in POSIX single quotes. A body with carriage returns (multipart) is written
    /// in bash's <c>$'...'</c> quoting instead, because a terminal or clipboard may drop a literal CR. Secrets are as
    /// in this record: call it on <see cref="Masked"/> to hide them.
    /// </summary>
    public string ToCurl()
    {
        var command = new StringBuilder("curl");
        if (RequestMethod != "POST")
        {
            command.Append(" --request ").Append(ShellQuote(RequestMethod));
        }

        command.Append(' ').Append(ShellQuote(RequestUrl));
        foreach (var (name, value) in RequestHeaders)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                command.Append(" --header ").Append(ShellQuote($"{name}: {value}"));
            }
        }

        command.Append(" --data-binary ").Append(ShellQuote(RequestBody));
        return command.ToString();
    }

    /// <summary>Quotes <paramref name="value"/> for a POSIX shell: single quotes, or bash's <c>$'...'</c> when it holds control characters other than LF and tab.</summary>
    public static string ShellQuote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(c => char.IsControl(c) && c is not '\n' and not '\t'))
        {
            // Inside single quotes nothing is special; a quote itself ends the string, is escaped, and reopens it.
            return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        }

        var quoted = new StringBuilder("$'");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '\\' => @"\\",
                '\'' => @"\'",
                '\r' => @"\r",
                '\n' => @"\n",
                '\t' => @"\t",
                _ when char.IsControl(c) && c < 0x80 => @"\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('\'').ToString();
    }
}
