namespace SoundBoxSim.SePay.OAuth;

/// <summary>The scopes of SePay's OAuth2 management APIs (contract 3.10), exactly as SePay spells them.</summary>
public static class OAuthScopes
{
    /// <summary><c>bank-account:read</c>: list bank accounts and sub-accounts.</summary>
    public const string BankAccountRead = "bank-account:read";

    /// <summary><c>transaction:read</c>: list transactions.</summary>
    public const string TransactionRead = "transaction:read";

    /// <summary><c>webhook:read</c>: list and read webhooks.</summary>
    public const string WebhookRead = "webhook:read";

    /// <summary><c>webhook:write</c>: create and update webhooks.</summary>
    public const string WebhookWrite = "webhook:write";

    /// <summary><c>webhook:delete</c>: delete webhooks.</summary>
    public const string WebhookDelete = "webhook:delete";

    /// <summary><c>profile</c>: the signed-in user's profile.</summary>
    public const string Profile = "profile";

    /// <summary><c>company</c>: the company and its configuration.</summary>
    public const string Company = "company";

    /// <summary>Every scope, in the order SePay lists them; granted scopes are written in this order too.</summary>
    public static IReadOnlyList<string> All { get; } =
        [BankAccountRead, TransactionRead, WebhookRead, WebhookWrite, WebhookDelete, Profile, Company];

    /// <summary>True when <paramref name="scope"/> is one of <see cref="All"/> (case-sensitive, as RFC 6749 3.3 says).</summary>
    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Writes scopes space-separated in the order of <see cref="All"/>, without duplicates.</summary>
    public static string Format(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        return string.Join(' ', All.Where(set.Contains));
    }
}
