using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace SoundBoxSim.Cli.Commands.Webhook;

/// <summary>The fake SePay answered with an error (<see cref="Status"/> is its HTTP status).</summary>
internal sealed class SePayApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>Nothing answers at the fake SePay's address.</summary>
internal sealed class SePayUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>A webhook the fake SePay created, with the secret of its auth type.</summary>
internal sealed record RegisteredWebhook(long Id, string Url, string? SecretKey);

/// <summary>
/// SePay's webhook management API as a partner calls it: an OAuth2 <c>client_credentials</c> token from
/// <c>/oauth/token</c> (form-encoded), then <c>POST</c> and <c>DELETE /api/v1/webhooks</c> with it as a bearer.
/// Each call gets a fresh token, so a listener running for hours never holds an expired one.
/// </summary>
internal sealed class SePayWebhookApi(HttpClient http, Uri sepay, string clientId, string clientSecret)
{
    private const string Scopes = "webhook:write webhook:delete";

    public Uri Address { get; } = sepay;

    /// <summary>Creates a webhook from SePay's snake_case body.</summary>
    public async Task<RegisteredWebhook> CreateAsync(object body, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "/api/v1/webhooks")) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (status, answer) = await SendAsync(request, cancellationToken);
        if (status != 201)
        {
            throw Refusal("creating the webhook", status, answer);
        }

        var data = answer.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d
            : throw new SePayApiException(status, $"{Address} answered 201 without a data object; is it the simulator's fake SePay?");
        return new RegisteredWebhook(
            data.GetProperty("id").GetInt64(),
            data.TryGetProperty("webhook_url", out var url) ? url.GetString() ?? "" : "",
            data.TryGetProperty("secret_key", out var secret) && secret.ValueKind == JsonValueKind.String ? secret.GetString() : null);
    }

    /// <summary>Deletes webhook <paramref name="id"/>; false when the fake no longer has it (404).</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(Address, $"/api/v1/webhooks/{id}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (status, answer) = await SendAsync(request, cancellationToken);
        return status switch
        {
            200 or 204 => true,
            404 => false,
            _ => throw Refusal($"deleting webhook {id}", status, answer),
        };
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "/oauth/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
                ["scope"] = Scopes,
            }),
        };
        var (status, answer) = await SendAsync(request, cancellationToken);
        if (status != 200)
        {
            var hint = status == 401 ? $"; check --client-id and --client-secret (the simulator's clients are listed by ./sbsim up as OAuth ID:SECRET)" : "";
            throw Refusal($"a token for client '{clientId}'", status, answer, hint);
        }

        return answer.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } value
            ? value
            : throw new SePayApiException(status, $"{Address}oauth/token answered 200 without an access_token; is it the simulator's fake SePay?");
    }

    private async Task<(int Status, JsonElement Answer)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new SePayUnreachableException($"no fake SePay answers at {Address} ({ex.Message})", ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
                return ((int)response.StatusCode, document.RootElement.Clone());
            }
            catch (JsonException)
            {
                throw new SePayApiException((int)response.StatusCode,
                    $"{request.RequestUri} answered {(int)response.StatusCode} with a body that is not JSON; is --sepay the simulator's fake SePay (the SePay line of ./sbsim up)?");
            }
        }
    }

    private static SePayApiException Refusal(string what, int status, JsonElement answer, string hint = "")
    {
        string? Text(string name) => answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var why = Text("message") ?? Text("error_description") ?? Text("error") ?? answer.GetRawText();
        return new SePayApiException(status, $"the fake SePay refused {what} ({status}): {why}{hint}");
    }
}
