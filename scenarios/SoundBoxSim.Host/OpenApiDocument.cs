using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SoundBoxSim.Host;

/// <summary>
/// The simulator's OpenAPI document (<c>scenarios/SoundBoxSim.Host/openapi.yaml</c>, embedded in this assembly): the
/// Speaker API, the control API and this route, served byte for byte at <c>GET /openapi.yaml</c>.
/// </summary>
public static class OpenApiDocument
{
    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi.yaml";

    /// <summary>The content type it is served with.</summary>
    public const string ContentType = "application/yaml";

    private const string ResourceName = "SoundBoxSim.Host.openapi.yaml";

    private static readonly Lazy<byte[]> Document = new(Load);

    /// <summary>Maps <c>GET /openapi.yaml</c> onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        var bytes = Document.Value;
        app.MapGet(Path, () => Results.Bytes(bytes, ContentType));
        return app;
    }

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(OpenApiDocument).Assembly.GetName().Name}; see its .csproj.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
