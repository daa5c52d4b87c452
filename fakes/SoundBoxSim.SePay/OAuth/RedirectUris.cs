namespace SoundBoxSim.SePay.OAuth;

/// <summary>The rules for redirect URIs: what may be registered or requested, and when a request matches a registration.</summary>
internal static class RedirectUris
{
    /// <summary>An absolute URI without a fragment (RFC 6749 3.1.2); <paramref name="why"/> says what is wrong.</summary>
    public static bool IsAcceptable(string? value, out string why)
    {
        // On Unix "/callback" parses as an absolute file URI; insist that the text itself starts with a scheme.
        if (string.IsNullOrEmpty(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            why = "it must be an absolute URI such as https://shop.example/oauth/callback";
            return false;
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            why = "it must not have a fragment (#...), RFC 6749 3.1.2";
            return false;
        }

        why = "";
        return true;
    }

    /// <summary>
    /// True when <paramref name="requested"/> may be used by a client that registered <paramref name="registered"/>:
    /// the same string, or for a loopback http registration the same URI on any port (RFC 8252 7.3). An empty list
    /// accepts any absolute http or https URI.
    /// </summary>
    public static bool IsAllowed(IReadOnlyList<string> registered, string requested)
    {
        if (!IsAcceptable(requested, out _))
        {
            return false;
        }

        var uri = new Uri(requested, UriKind.Absolute);
        if (registered.Count == 0)
        {
            return uri.Scheme is "http" or "https";
        }

        foreach (var candidate in registered)
        {
            if (string.Equals(candidate, requested, StringComparison.Ordinal))
            {
                return true;
            }

            if (Uri.TryCreate(candidate, UriKind.Absolute, out var reg) && reg.Scheme == "http" && uri.Scheme == "http"
                && reg.IsLoopback && uri.IsLoopback
                && string.Equals(reg.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
                && string.Equals(reg.PathAndQuery, uri.PathAndQuery, StringComparison.Ordinal)
                && reg.UserInfo.Length == 0 && uri.UserInfo.Length == 0)
            {
                return true;
            }
        }

        return false;
    }
}
