using System.Text.Json;
using SoundBoxSim.SePay.Ledger;

namespace SoundBoxSim.SePay.Webhooks.Api;

/// <summary>
/// Webhooks in SePay's management API shape (snake_case, enum names as SePay spells them, flags as 0/1 or booleans on
/// the way in and booleans on the way out). Reading never trusts a type: each wrong field is a
/// <see cref="WebhookValidationException"/> naming it.
/// </summary>
public static class WebhookApiJson
{
    /// <summary>The fields a create must carry (SePay's documented required fields).</summary>
    public static readonly IReadOnlyList<string> RequiredOnCreate =
        ["bank_account_id", "name", "event_type", "authen_type", "webhook_url", "is_verify_payment", "skip_if_no_code", "active", "request_content_type"];

    private static readonly HashSet<string> Known =
    [
        .. RequiredOnCreate, "only_va", "bank_sub_account_ids", "retry_conditions", "api_key", "secret_key", "prefix_filters", "bank_mode",
        "va_mode", "alert_threshold", "alert_event_types", "oauth_token_url", "oauth_client_id", "oauth_client_secret",
    ];

    /// <summary>SePay's spelling of an event type.</summary>
    public static string Name(WebhookEventType type) => type switch { WebhookEventType.InOnly => "In_only", WebhookEventType.OutOnly => "Out_only", _ => "All" };

    /// <summary>SePay's spelling of an auth type.</summary>
    public static string Name(WebhookAuthType type) => type switch
    {
        WebhookAuthType.ApiKey => "Api_Key", WebhookAuthType.HmacSha256 => "HMAC_SHA256", WebhookAuthType.OAuth2 => "OAuth2.0", _ => "No_Authen",
    };

    /// <summary>SePay's spelling of a content type.</summary>
    public static string Name(WebhookContentType type) => type switch
    {
        WebhookContentType.MultipartFormData => "multipart_form-data", WebhookContentType.FormUrlEncoded => "x-www-form-urlencoded", _ => "Json",
    };

    /// <summary>A webhook as the API shows it.</summary>
    public static Dictionary<string, object?> Write(Webhook w, BankLedger ledger) => new()
    {
        ["id"] = w.Id,
        ["bank_account_id"] = w.BankAccountId,
        ["name"] = w.Name,
        ["event_type"] = Name(w.EventType),
        ["authen_type"] = Name(w.AuthType),
        ["webhook_url"] = w.WebhookUrl,
        ["is_verify_payment"] = w.IsVerifyPayment,
        ["skip_if_no_code"] = w.SkipIfNoCode,
        ["prefix_filters"] = w.PrefixFilters,
        ["retry_conditions"] = new Dictionary<string, int> { ["non_2xx_status_code"] = w.RetryOnNon2xx ? 1 : 0 },
        ["only_va"] = w.OnlyVa,
        ["va_mode"] = w.OnlyVa && w.BankSubAccountIds.Count > 0 ? "list" : "all",
        ["bank_mode"] = w.BankAccountId == 0 ? "all" : "single",
        ["alert_threshold"] = w.AlertThreshold,
        ["alert_event_types"] = w.AlertEventTypes,
        ["active"] = w.Active,
        ["created_at"] = ledger.LocalTime(w.CreatedAt),
        ["secret_key"] = w.AuthType == WebhookAuthType.HmacSha256 ? w.SecretKey : null,
        ["api_key"] = w.AuthType == WebhookAuthType.ApiKey ? w.ApiKey : null,
        ["oauth_token_url"] = w.OAuth?.TokenUrl,
        ["oauth_client_id"] = w.OAuth?.ClientId,
        ["request_content_type"] = Name(w.ContentType),
        ["bank_sub_account_ids"] = w.BankSubAccountIds,
    };

    /// <summary>Applies the fields of <paramref name="body"/> to <paramref name="current"/> (a fresh webhook on create).</summary>
    /// <exception cref="WebhookValidationException">A field is unknown, missing on create, or of the wrong type or value.</exception>
    public static Webhook Read(JsonElement body, Webhook current, bool create)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookValidationException("body", "the body must be a JSON object of webhook fields");
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!Known.Contains(property.Name))
            {
                throw new WebhookValidationException(property.Name, $"{property.Name} is not a webhook field; the fields are {string.Join(", ", Known.Order(StringComparer.Ordinal))}");
            }
        }

        if (create && RequiredOnCreate.FirstOrDefault(f => !body.TryGetProperty(f, out _)) is { } missing)
        {
            throw new WebhookValidationException(missing, $"{missing} is required to create a webhook");
        }

        var w = current;
        foreach (var p in body.EnumerateObject())
        {
            var v = p.Value;
            w = p.Name switch
            {
                "bank_account_id" => w with { BankAccountId = Integer(p.Name, v, 0, long.MaxValue) },
                "name" => w with { Name = Text(p.Name, v) },
                "event_type" => w with { EventType = Enum<WebhookEventType>(p.Name, v, ("In_only", WebhookEventType.InOnly), ("Out_only", WebhookEventType.OutOnly), ("All", WebhookEventType.All)) },
                "authen_type" => w with
                {
                    AuthType = Enum<WebhookAuthType>(p.Name, v, ("No_Authen", WebhookAuthType.None), ("Api_Key", WebhookAuthType.ApiKey), ("HMAC_SHA256", WebhookAuthType.HmacSha256), ("OAuth2.0", WebhookAuthType.OAuth2)),
                },
                "webhook_url" => w with { WebhookUrl = Text(p.Name, v) },
                "is_verify_payment" => w with { IsVerifyPayment = Flag(p.Name, v) },
                "skip_if_no_code" => w with { SkipIfNoCode = Flag(p.Name, v) },
                "active" => w with { Active = Flag(p.Name, v) },
                "only_va" => w with { OnlyVa = Flag(p.Name, v) },
                "request_content_type" => w with
                {
                    ContentType = Enum<WebhookContentType>(p.Name, v, ("Json", WebhookContentType.Json), ("multipart_form-data", WebhookContentType.MultipartFormData), ("x-www-form-urlencoded", WebhookContentType.FormUrlEncoded)),
                },
                "bank_sub_account_ids" => w with { BankSubAccountIds = List(p.Name, v, 200, e => Integer(p.Name, e, 1, long.MaxValue)) },
                "prefix_filters" => w with { PrefixFilters = List(p.Name, v, WebhookRegistry.MaxPrefixFilters, e => Text(p.Name, e)) },
                "alert_event_types" => w with { AlertEventTypes = List(p.Name, v, 2, e => Text(p.Name, e)) },
                "alert_threshold" => w with { AlertThreshold = (int)Integer(p.Name, v, 1, 20) },
                "retry_conditions" => w with { RetryOnNon2xx = RetryConditions(v) },
                "api_key" => w with { ApiKey = NullableText(p.Name, v) },
                "secret_key" => w with { SecretKey = NullableText(p.Name, v) },
                "oauth_token_url" => w with { OAuth = (w.OAuth ?? new("", "", "")) with { TokenUrl = Text(p.Name, v) } },
                "oauth_client_id" => w with { OAuth = (w.OAuth ?? new("", "", "")) with { ClientId = Text(p.Name, v) } },
                "oauth_client_secret" => w with { OAuth = (w.OAuth ?? new("", "", "")) with { ClientSecret = Text(p.Name, v) } },
                "bank_mode" => Check(w, p.Name, v, "all", "single", "multi"), // derived from bank_account_id; accepted for round trips
                "va_mode" => Check(w, p.Name, v, "all", "list"),
                _ => w,
            };
        }

        return w;
    }

    private static bool RetryConditions(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("non_2xx_status_code", out var flag) || v.EnumerateObject().Count() != 1)
        {
            throw new WebhookValidationException("retry_conditions", """retry_conditions must be {"non_2xx_status_code": 0 or 1}""");
        }

        return Flag("retry_conditions.non_2xx_status_code", flag);
    }

    private static Webhook Check(Webhook w, string field, JsonElement v, params string[] allowed) =>
        v.ValueKind == JsonValueKind.String && allowed.Contains(v.GetString()) ? w
        : throw new WebhookValidationException(field, $"{field} must be one of {string.Join(", ", allowed)}");

    private static long Integer(string field, JsonElement v, long min, long max) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= min && n <= max ? n
        : throw new WebhookValidationException(field, $"{field} must be an integer from {min} to {max}; got {Shown(v)}");

    private static bool Flag(string field, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when v.TryGetInt32(out var n) && n is 0 or 1 => n == 1,
        _ => throw new WebhookValidationException(field, $"{field} must be 0, 1, true or false; got {Shown(v)}"),
    };

    private static string Text(string field, JsonElement v) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new WebhookValidationException(field, $"{field} must be a string; got {Shown(v)}");

    private static string? NullableText(string field, JsonElement v) => v.ValueKind == JsonValueKind.Null ? null : Text(field, v);

    private static T Enum<T>(string field, JsonElement v, params (string Name, T Value)[] values) =>
        v.ValueKind == JsonValueKind.String && values.FirstOrDefault(x => x.Name == v.GetString()) is { Name: not null } found ? found.Value
        : throw new WebhookValidationException(field, $"{field} must be one of {string.Join(", ", values.Select(x => x.Name))}; got {Shown(v)}");

    private static IReadOnlyList<T> List<T>(string field, JsonElement v, int most, Func<JsonElement, T> item)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookValidationException(field, $"{field} must be an array; got {Shown(v)}");
        }

        if (v.GetArrayLength() > most)
        {
            throw new WebhookValidationException(field, $"{field} holds at most {most} items; got {v.GetArrayLength()}");
        }

        return [.. v.EnumerateArray().Select(item)];
    }

    private static string Shown(JsonElement v)
    {
        var raw = v.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "...";
    }
}
