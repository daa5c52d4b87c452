using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.Host.Tests.Support;

/// <summary>What a request should show about the document's request schema.</summary>
internal enum BodyCheck
{
    /// <summary>Check the body only when the server accepted it (2xx): then the document must accept it too.</summary>
    IfAccepted,

    /// <summary>The body is malformed on purpose: the document's schema must refuse it as the server does.</summary>
    SchemaRefuses,
}

/// <summary>
/// Real HTTP calls to a running simulator, each answer checked against the OpenAPI document at once: the status must
/// be listed for the operation, the content type documented, the JSON body valid against the schema given for that
/// status, required headers present. It remembers which operation answered which status, so a test can tell
/// whether every documented answer was seen.
/// </summary>
internal sealed class DocumentedHttp(OpenApiSpec spec) : IDisposable
{
    private readonly HttpClient _http = new();

    /// <summary>(operation, status) pairs answered so far.</summary>
    public HashSet<(string Operation, int Status)> Seen { get; } = [];

    /// <summary>Sends the request and checks the answer; returns the status and the JSON body (default when not JSON).</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(
        Uri baseAddress, HttpMethod method, string pathAndQuery, string? json = null, string contentType = "application/json",
        AuthenticationHeaderValue? authorization = null, int? expect = null, BodyCheck bodyCheck = BodyCheck.IfAccepted)
    {
        var path = pathAndQuery.Split('?')[0];
        var operation = spec.Find(method.Method, path);
        Assert.True(operation is not null, $"{method} {path}: no operation in the document serves it");

        using var request = new HttpRequestMessage(method, new Uri(baseAddress, pathAndQuery));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.Authorization = authorization;
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var shown = mediaType is not null && mediaType.EndsWith("json", StringComparison.Ordinal) ? Encoding.UTF8.GetString(body) : $"{body.Length} bytes";
        var context = $"{method} {pathAndQuery} -> {status} {mediaType}: {(shown.Length > 600 ? shown[..600] + "..." : shown)}";

        if (expect is { } expected)
        {
            Assert.True(expected == status, $"expected {expected}: {context}");
        }

        var errors = spec.CheckResponse(operation, status, mediaType, body, name =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null);
        Assert.True(errors.Count == 0, $"the answer breaks the document:\n  {string.Join("\n  ", errors)}\n{context}");

        if (json is not null && contentType == "application/json" && spec.RequestSchema(operation) is not null)
        {
            if (bodyCheck == BodyCheck.SchemaRefuses)
            {
                Assert.True(spec.CheckRequest(operation, json).Count > 0, $"the document's request schema accepts a body the server refuses: {json}\n{context}");
            }
            else if (status is >= 200 and < 300)
            {
                var refused = spec.CheckRequest(operation, json);
                Assert.True(refused.Count == 0, $"the server accepted a body the document's request schema refuses ({string.Join("; ", refused)}): {json}");
            }
        }

        Seen.Add((operation.ToString(), status));
        var parsed = mediaType is not null && mediaType.EndsWith("json", StringComparison.Ordinal) && body.Length > 0
            ? JsonDocument.Parse(body).RootElement.Clone()
            : default;
        return (status, parsed);
    }

    public void Dispose() => _http.Dispose();
}
