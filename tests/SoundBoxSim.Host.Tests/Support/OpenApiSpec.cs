using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Host.Tests.Support;

/// <summary>One operation of the document: its path template (e.g. <c>/control/v1/devices/{serial}</c>) and method.</summary>
internal sealed record OpenApiOperation(string Path, string Method, JsonElement Element, Regex Matcher)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// The checked-in OpenAPI document (scenarios/SoundBoxSim.Host/openapi.yaml), parsed with YamlDotNet, and the checks
/// of real requests and answers against it.
/// </summary>
internal sealed class OpenApiSpec
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private OpenApiSpec(JsonElement root)
    {
        Root = root;
        Schemas = new SchemaValidator(root);
        Operations =
        [
            .. root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
                .Where(member => Methods.Contains(member.Name, StringComparer.Ordinal))
                .Select(member => new OpenApiOperation(path.Name, member.Name.ToUpperInvariant(), member.Value, Matcher(path.Name)))),
        ];
    }

    /// <summary>Where the document is checked in.</summary>
    public static string FilePath => RepoPaths.Combine("scenarios", "SoundBoxSim.Host", "openapi.yaml");

    public JsonElement Root { get; }

    public SchemaValidator Schemas { get; }

    public IReadOnlyList<OpenApiOperation> Operations { get; }

    public static OpenApiSpec Load() => Parse(File.ReadAllText(FilePath, Encoding.UTF8));

    public static OpenApiSpec Parse(string yaml) => new(YamlJson.Parse(yaml));

    /// <summary>The documented operation that serves <paramref name="method"/> <paramref name="path"/> (a concrete path, no query).</summary>
    public OpenApiOperation? Find(string method, string path)
    {
        var matches = Operations.Where(o => o.Method == method && o.Matcher.IsMatch(path)).ToList();
        return matches.Count > 1
            ? throw new InvalidOperationException($"{method} {path} matches several documented paths: {string.Join(", ", matches)}")
            : matches.SingleOrDefault();
    }

    /// <summary>Follows a reusable object's <c>$ref</c> (responses, parameters, examples) to the object itself.</summary>
    public JsonElement Follow(JsonElement element)
    {
        for (var hops = 0; element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference); hops++)
        {
            Assert.True(hops < 16, $"the reference chain at {reference} does not end");
            element = Schemas.Resolve(reference.GetString()!);
        }

        return element;
    }

    /// <summary>The HTTP statuses documented for <paramref name="operation"/>.</summary>
    public IReadOnlyList<int> Statuses(OpenApiOperation operation) =>
        [.. operation.Element.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, NumberStyles.None, CultureInfo.InvariantCulture))];

    /// <summary>The schema of the operation's JSON request body, or null when it takes none.</summary>
    public JsonElement? RequestSchema(OpenApiOperation operation) =>
        operation.Element.TryGetProperty("requestBody", out var body)
            && Follow(body).GetProperty("content").TryGetProperty("application/json", out var json)
            ? json.GetProperty("schema")
            : null;

    /// <summary>Every way a real answer breaks the document; empty when it matches.</summary>
    /// <param name="operation">The operation asked.</param>
    /// <param name="status">The HTTP status answered.</param>
    /// <param name="mediaType">The answer's media type (no parameters), or null without a Content-Type.</param>
    /// <param name="body">The answer's body.</param>
    /// <param name="header">Reads one of the answer's headers, or null.</param>
    public List<string> CheckResponse(OpenApiOperation operation, int status, string? mediaType, byte[] body, Func<string, string?> header)
    {
        var responses = operation.Element.GetProperty("responses");
        if (!responses.TryGetProperty(status.ToString(CultureInfo.InvariantCulture), out var response))
        {
            return [$"{operation} answered {status}, which the document does not list (it lists {string.Join(", ", Statuses(operation))})"];
        }

        response = Follow(response);
        var errors = new List<string>();
        if (response.TryGetProperty("headers", out var headers))
        {
            foreach (var documented in headers.EnumerateObject())
            {
                var definition = Follow(documented.Value);
                var value = header(documented.Name);
                if (value is null)
                {
                    if (definition.TryGetProperty("required", out var required) && required.GetBoolean())
                    {
                        errors.Add($"{operation} {status}: the required header {documented.Name} is missing");
                    }

                    continue;
                }

                var schema = definition.GetProperty("schema");
                var asJson = schema.TryGetProperty("type", out var type) && type.GetString() is "integer" or "number"
                    && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                    ? JsonDocument.Parse(value).RootElement
                    : JsonSerializer.SerializeToElement(value);
                errors.AddRange(Schemas.Validate(schema, asJson, $"header {documented.Name}"));
            }
        }

        if (!response.TryGetProperty("content", out var content))
        {
            if (body.Length > 0)
            {
                errors.Add($"{operation} {status}: the document gives no body, but {body.Length} bytes came ({mediaType})");
            }

            return errors;
        }

        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            errors.Add($"{operation} {status}: the content type {mediaType ?? "(none)"} is not documented (the document has {string.Join(", ", content.EnumerateObject().Select(c => c.Name))})");
            return errors;
        }

        if (mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            JsonElement parsed;
            try
            {
                parsed = JsonDocument.Parse(body).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                errors.Add($"{operation} {status}: the body is not JSON ({ex.Message})");
                return errors;
            }

            errors.AddRange(Schemas.Validate(media.GetProperty("schema"), parsed).Select(e => $"{operation} {status}: {e}"));
        }
        else if (body.Length == 0)
        {
            errors.Add($"{operation} {status}: the {mediaType} body is empty");
        }

        return errors;
    }

    /// <summary>Every way a JSON request body breaks the operation's request schema.</summary>
    public List<string> CheckRequest(OpenApiOperation operation, string json)
    {
        var schema = RequestSchema(operation) ?? throw new InvalidOperationException($"{operation} documents no JSON request body");
        return Schemas.Validate(schema, JsonDocument.Parse(json).RootElement, "request");
    }

    /// <summary>
    /// The path template as a regular expression: a <c>{name}</c> stands for one non-empty segment piece, so
    /// <c>{sequence}.wav</c> matches <c>12.wav</c>.
    /// </summary>
    private static Regex Matcher(string template)
    {
        var pattern = new StringBuilder("^");
        var last = 0;
        foreach (Match parameter in Regex.Matches(template, @"\{[^}/]+\}"))
        {
            pattern.Append(Regex.Escape(template[last..parameter.Index])).Append("[^/]+?");
            last = parameter.Index + parameter.Length;
        }

        pattern.Append(Regex.Escape(template[last..])).Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }
}
