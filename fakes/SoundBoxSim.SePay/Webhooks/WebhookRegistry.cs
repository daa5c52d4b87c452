using System.Security.Cryptography;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Storage;

namespace SoundBoxSim.SePay.Webhooks;

/// <summary>A webhook configuration the fake refuses: the API field (snake_case) and what is wrong with it.</summary>
public sealed class WebhookValidationException(string field, string message) : Exception(message)
{
    /// <summary>The field, as SePay's API names it (e.g. <c>webhook_url</c>).</summary>
    public string Field { get; } = field;
}

/// <summary>The company's webhooks: validated, numbered, written through to the store. Thread-safe.</summary>
public sealed class WebhookRegistry(BankLedger ledger, DocumentStore store, TimeProvider time)
{
    /// <summary>Longest name and URL (SePay's form: 300 characters).</summary>
    public const int MaxNameLength = 300, MaxUrlLength = 300;

    /// <summary>Most prefix filters per webhook, and the longest prefix (our limits; SePay's are not published).</summary>
    public const int MaxPrefixFilters = 20, MaxPrefixLength = 20;

    private const string Kind = "webhook";
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Webhook> _webhooks = new(store.Load<Webhook>(Kind).ToDictionary(w => w.Id));

    /// <summary>Raised after a webhook is created, changed or deleted (null after a delete), outside the lock.</summary>
    public event Action<long, Webhook?>? Changed;

    /// <summary>Every webhook, by id.</summary>
    public IReadOnlyList<Webhook> All
    {
        get { lock (_gate) { return [.. _webhooks.Values]; } }
    }

    /// <summary>The webhook with <paramref name="id"/>, or null.</summary>
    public Webhook? Find(long id)
    {
        lock (_gate)
        {
            return _webhooks.GetValueOrDefault(id);
        }
    }

    /// <summary>Validates and adds a webhook; its id and creation time are assigned, a missing HMAC secret generated.</summary>
    /// <exception cref="WebhookValidationException">A field breaks a rule; the message says which and how to fix it.</exception>
    public Webhook Create(Webhook webhook)
    {
        Webhook created;
        lock (_gate)
        {
            created = Validate(webhook with
            {
                Id = _webhooks.Count == 0 ? 1 : _webhooks.Keys.Max() + 1,
                CreatedAt = time.GetUtcNow(),
                SecretKey = webhook.AuthType == WebhookAuthType.HmacSha256 ? webhook.SecretKey ?? NewSecret() : webhook.SecretKey,
            });
            _webhooks[created.Id] = created;
            store.Save(Kind, created.Id, created);
        }

        Changed?.Invoke(created.Id, created);
        return created;
    }

    /// <summary>Applies <paramref name="change"/> to webhook <paramref name="id"/> and validates the result; null when there is no such webhook.</summary>
    /// <exception cref="WebhookValidationException">The result breaks a rule.</exception>
    public Webhook? Update(long id, Func<Webhook, Webhook> change)
    {
        Webhook updated;
        lock (_gate)
        {
            if (!_webhooks.TryGetValue(id, out var current))
            {
                return null;
            }

            var next = change(current) with { Id = id, CreatedAt = current.CreatedAt };
            updated = Validate(next.AuthType == WebhookAuthType.HmacSha256 && next.SecretKey is null ? next with { SecretKey = NewSecret() } : next);
            _webhooks[id] = updated;
            store.Save(Kind, id, updated);
        }

        Changed?.Invoke(id, updated);
        return updated;
    }

    /// <summary>Deletes a webhook; false when there is none.</summary>
    public bool Delete(long id)
    {
        lock (_gate)
        {
            if (!_webhooks.Remove(id))
            {
                return false;
            }

            store.Delete(Kind, id);
        }

        Changed?.Invoke(id, null);
        return true;
    }

    /// <summary>Deletes every webhook (control API reset).</summary>
    public void Clear()
    {
        List<long> ids;
        lock (_gate)
        {
            ids = [.. _webhooks.Keys];
            _webhooks.Clear();
            store.Clear(Kind);
        }

        foreach (var id in ids)
        {
            Changed?.Invoke(id, null);
        }
    }

    /// <summary>The webhooks <paramref name="transaction"/> fires.</summary>
    public IReadOnlyList<Webhook> Matching(Transaction transaction) => [.. All.Where(w => WebhookFilter.Matches(w, transaction, out _))];

    private Webhook Validate(Webhook w)
    {
        Require(w.Name is { Length: > 0 and <= MaxNameLength } && !w.Name.Any(char.IsControl), "name", $"name must be 1 to {MaxNameLength} characters without control characters");
        Require(w.WebhookUrl.Length <= MaxUrlLength && Uri.TryCreate(w.WebhookUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0 && string.IsNullOrEmpty(url.UserInfo),
            "webhook_url", $"webhook_url must be an absolute http(s) URL of at most {MaxUrlLength} characters, without user:password, e.g. http://127.0.0.1:3000/hook");
        Require(Enum.IsDefined(w.EventType), "event_type", "event_type must be In_only, Out_only or All");
        Require(Enum.IsDefined(w.AuthType), "authen_type", "authen_type must be No_Authen, Api_Key, HMAC_SHA256 or OAuth2.0");
        Require(Enum.IsDefined(w.ContentType), "request_content_type", "request_content_type must be Json, multipart_form-data or x-www-form-urlencoded");
        Require(w.AuthType != WebhookAuthType.ApiKey || w.ApiKey is { Length: >= 8 and <= 128 } && w.ApiKey.All(c => c is > ' ' and < '\u007f'),
            "api_key", "authen_type Api_Key needs api_key: 8 to 128 printable ASCII characters without spaces");
        Require(w.AuthType != WebhookAuthType.HmacSha256 || w.SecretKey is { Length: >= 16 and <= 128 } && w.SecretKey.All(c => c is > ' ' and < '\u007f'),
            "secret_key", "authen_type HMAC_SHA256 needs secret_key: 16 to 128 printable ASCII characters (leave it out to have one generated)");
        if (w.AuthType == WebhookAuthType.OAuth2)
        {
            Require(w.OAuth is not null, "oauth", "authen_type OAuth2.0 needs oauth_token_url, oauth_client_id and oauth_client_secret");
            Require(Uri.TryCreate(w.OAuth!.TokenUrl, UriKind.Absolute, out var tokenUrl) && tokenUrl.Scheme is "http" or "https" && w.OAuth.TokenUrl.Length <= MaxUrlLength,
                "oauth_token_url", "oauth_token_url must be an absolute http(s) URL: the receiver's token endpoint");
            Require(w.OAuth.ClientId is { Length: > 0 and <= 200 }, "oauth_client_id", "oauth_client_id must be 1 to 200 characters");
            Require(w.OAuth.ClientSecret is { Length: > 0 and <= 200 }, "oauth_client_secret", "oauth_client_secret must be 1 to 200 characters");
        }

        Require(w.PrefixFilters.Count <= MaxPrefixFilters, "prefix_filters", $"prefix_filters holds at most {MaxPrefixFilters} prefixes; got {w.PrefixFilters.Count}");
        foreach (var (prefix, i) in w.PrefixFilters.Select((p, i) => (p, i)))
        {
            Require(prefix is { Length: > 0 and <= MaxPrefixLength } && prefix.All(char.IsAsciiLetterOrDigit), $"prefix_filters[{i}]", $"a prefix filter is 1 to {MaxPrefixLength} letters or digits; got '{prefix}'");
        }

        Require(w.AlertThreshold is >= 1 and <= 20, "alert_threshold", "alert_threshold must be from 1 to 20");
        Require(w.AlertEventTypes.All(t => t is "failure" or "recovery"), "alert_event_types", "alert_event_types may hold failure and recovery");
        Require(w.BankAccountId == 0 || ledger.Accounts.Any(a => a.Id == w.BankAccountId), "bank_account_id", $"bank_account_id {w.BankAccountId} is no account; use 0 for every account or one of {string.Join(", ", ledger.Accounts.Select(a => a.Id))}");
        var vas = ledger.VirtualAccounts;
        foreach (var id in w.BankSubAccountIds)
        {
            Require(vas.Any(v => v.Id == id && (w.BankAccountId == 0 || v.BankAccountId == w.BankAccountId)), "bank_sub_account_ids",
                $"bank_sub_account_ids holds {id}, which is no virtual account{(w.BankAccountId == 0 ? "" : $" of account {w.BankAccountId}")}");
        }

        return w with { PrefixFilters = [.. w.PrefixFilters.Select(p => p.ToUpperInvariant())] };
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new WebhookValidationException(field, message);
        }
    }

    private static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
