using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.Host.Control;

/// <summary>
/// The webhook delivery log through the control API (<c>/control/v1/webhooks</c>): every entry with every attempt
/// (request headers and body, status, response, duration, error, a curl command), manual replays, and alert counters.
/// </summary>
public static class WebhookControlEndpoints
{
    /// <summary>Maps the routes onto the control API group.</summary>
    public static IEndpointRouteBuilder MapWebhookControl(this IEndpointRouteBuilder api, DeliveryEngine engine)
    {
        var hooks = api.MapGroup("/webhooks");
        hooks.MapGet("/deliveries", (long? webhookId, string? state) => ControlJson.Handle(() =>
        {
            DeliveryState? wanted = state switch
            {
                null => null,
                "pending" => DeliveryState.Pending,
                "succeeded" => DeliveryState.Succeeded,
                "failed" => DeliveryState.Failed,
                _ => throw new ControlException(400, $"state '{state}' is not one of pending, succeeded, failed"),
            };
            return ControlJson.Ok(engine.Deliveries
                .Where(d => webhookId is null || d.WebhookId == webhookId)
                .Where(d => wanted is null || d.State == wanted)
                .Select(Json));
        }));
        hooks.MapGet("/deliveries/{id:long}", (long id) => ControlJson.Handle(() =>
            engine.Find(id) is { } d ? ControlJson.Ok(Json(d)) : throw new ControlException(404, $"no delivery log entry {id}; GET {ControlEndpoints.BasePath}/webhooks/deliveries lists them")));
        hooks.MapPost("/deliveries/replay", (HttpRequest request) => ControlJson.Handle(async () =>
        {
            var body = await ControlJson.ReadAsync<ReplayBody>(request, """{"ids":[1,2]}""");
            try
            {
                return ControlJson.Ok(engine.Replay(body.Ids).Select(Json), 201);
            }
            catch (DeliveryException error)
            {
                throw new ControlException(error.Status, error.Message);
            }
        }));
        hooks.MapGet("/{webhookId:long}/health", (long webhookId) => ControlJson.Ok(engine.Health(webhookId)));
        return api;
    }

    private static object Json(WebhookDelivery d) => new
    {
        id = d.Id,
        webhookId = d.WebhookId,
        transactionId = d.TransactionId,
        replayOf = d.ReplayOf,
        label = d.ReplayOf is { } original ? $"Replayed from #{original}" : null,
        state = d.State.ToString().ToLowerInvariant(),
        createdAt = d.CreatedAt,
        firstAttemptAt = d.FirstAttemptAt,
        nextAttemptAt = d.NextAttemptAt,
        outcome = d.Outcome,
        attempts = d.Attempts.Select(a => new
        {
            startedAt = a.StartedAt,
            durationMs = Math.Round(a.Duration.TotalMilliseconds, 3),
            requestUrl = a.RequestUrl,
            requestHeaders = Headers(a.RequestHeaders),
            requestBody = a.RequestBody,
            responseStatus = a.ResponseStatus,
            responseHeaders = Headers(a.ResponseHeaders),
            responseBody = a.ResponseBody,
            responseBodyTruncated = a.ResponseBodyTruncated ? true : (bool?)null,
            errorKind = a.ErrorKind == AttemptErrorKind.None ? null : a.ErrorKind.ToString(),
            errorMessage = a.ErrorMessage,
            verdict = a.Verdict.ToString(),
            curl = a.ToCurl(),
        }),
    };

    // Repeated headers are joined as HTTP joins them.
    private static Dictionary<string, string> Headers(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h.Value)), StringComparer.OrdinalIgnoreCase);
}
