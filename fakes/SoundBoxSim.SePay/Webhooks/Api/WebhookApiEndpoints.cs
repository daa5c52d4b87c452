using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.SePay.OAuth;

namespace SoundBoxSim.SePay.Webhooks.Api;

/// <summary>
/// SePay's webhook management API (<c>/api/v1/webhooks</c>, contract 3.9) behind OAuth2 bearer tokens with the scopes
/// <c>webhook:read</c>, <c>webhook:write</c>, <c>webhook:delete</c>. Answers <c>{"status":"success","data":...}</c>; errors
/// <c>{"status":"error","error_code":...,"message":...}</c> (SePay's error shapes are not published; these follow its v2 API).
/// </summary>
public static class WebhookApiEndpoints
{
    /// <summary>The largest body accepted (a webhook is a few hundred bytes).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Default and largest page size of the list.</summary>
    public const int DefaultLimit = 20, MaxLimit = 100;

    /// <summary>Maps the five routes.</summary>
    public static IEndpointRouteBuilder MapSePayWebhookApi(this IEndpointRouteBuilder app, SePayBackend sepay, OAuthServer oauth)
    {
        var webhooks = sepay.Webhooks;
        var api = app.MapGroup("/api/v1/webhooks");
        api.MapGet("", (HttpRequest request) => List(sepay, request)).RequireScope(oauth, OAuthScopes.WebhookRead);
        api.MapGet("/{id:long}", (long id) => webhooks.Find(id) is { } w ? Success(WebhookApiJson.Write(w, sepay.Ledger)) : NotFound(id))
            .RequireScope(oauth, OAuthScopes.WebhookRead);
        api.MapPost("", (HttpRequest request) => Handle(async () =>
        {
            var body = await ReadAsync(request);
            var created = webhooks.Create(WebhookApiJson.Read(body, new Webhook(), create: true));
            return Success(WebhookApiJson.Write(created, sepay.Ledger), 201);
        })).RequireScope(oauth, OAuthScopes.WebhookWrite);
        api.MapPatch("/{id:long}", (long id, HttpRequest request) => Handle(async () =>
        {
            var body = await ReadAsync(request);
            var updated = webhooks.Update(id, current => WebhookApiJson.Read(body, current, create: false));
            return updated is null ? NotFound(id) : Success(WebhookApiJson.Write(updated, sepay.Ledger));
        })).RequireScope(oauth, OAuthScopes.WebhookWrite);
        api.MapDelete("/{id:long}", (long id) => webhooks.Delete(id)
            ? Results.Json(new { status = "success", message = $"webhook {id} deleted" }, statusCode: 200)
            : NotFound(id)).RequireScope(oauth, OAuthScopes.WebhookDelete);
        return app;
    }

    private static IResult List(SePayBackend sepay, HttpRequest request)
    {
        try
        {
            var query = request.Query;
            var url = Single(query, "webhook_url");
            var apiKey = Single(query, "api_key");
            var active = Single(query, "active") is { } a ? a switch { "0" => false, "1" => true, _ => throw new WebhookValidationException("active", "active must be 0 or 1") } : (bool?)null;
            var page = Number(Single(query, "page"), "page", 1, int.MaxValue, 1);
            var limit = Number(Single(query, "limit"), "limit", 1, MaxLimit, DefaultLimit);
            var matching = sepay.Webhooks.All
                .Where(w => url is null || w.WebhookUrl.Contains(url, StringComparison.OrdinalIgnoreCase))
                .Where(w => apiKey is null || w.ApiKey == apiKey)
                .Where(w => active is null || w.Active == active)
                .OrderByDescending(w => w.Id) // newest first, as SePay's examples list them
                .ToList();
            var lastPage = Math.Max(1, (matching.Count + limit - 1) / limit);
            var data = matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * limit)).Take(limit).Select(w => WebhookApiJson.Write(w, sepay.Ledger));
            return Results.Json(new
            {
                status = "success",
                data,
                meta = new { pagination = new { total = matching.Count, per_page = limit, current_page = page, last_page = lastPage, has_more = page < lastPage } },
            });
        }
        catch (WebhookValidationException error)
        {
            return Invalid(error);
        }
    }

    private static async Task<IResult> Handle(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (WebhookValidationException error)
        {
            return Invalid(error);
        }
        catch (ApiError error)
        {
            return Error(error.Status, error.Code, error.Message);
        }
        catch (BadHttpRequestException error)
        {
            return Error(error.StatusCode, "bad_request", error.Message);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpRequest request)
    {
        if (request.ContentType is not { } type || !type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiError(415, "unsupported_media_type", "send the webhook as JSON with Content-Type: application/json");
        }

        var body = await Http.RequestBodies.ReadAtMostAsync(request, MaxBodyBytes)
            ?? throw new ApiError(413, "payload_too_large", $"the body is larger than {MaxBodyBytes} bytes");
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new WebhookValidationException("body", $"the body is not JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})");
        }
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Count == 1 ? values[0] : throw new WebhookValidationException(name, $"give {name} once") : null;

    private static int Number(string? text, string name, int min, int max, int fallback) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw new WebhookValidationException(name, $"{name} must be an integer from {min} to {max}");

    private static IResult Success(object data, int status = 200) => Results.Json(new { status = "success", data }, statusCode: status);

    private static IResult NotFound(long id) => Error(404, "not_found", $"no webhook {id}; GET /api/v1/webhooks lists them");

    private static IResult Invalid(WebhookValidationException error) => Results.Json(new
    {
        status = "error",
        error_code = "validation_error",
        message = error.Message,
        errors = new Dictionary<string, string[]> { [error.Field] = [error.Message] },
    }, statusCode: 400);

    private static IResult Error(int status, string code, string message) => Results.Json(new { status = "error", error_code = code, message }, statusCode: status);

    private sealed class ApiError(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;

        public string Code { get; } = code;
    }
}
