using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SoundBoxSim.Voice.Tests.Synthesis;

/// <summary>A request the stub received.</summary>
internal sealed record StubRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>What the stub answers.</summary>
internal sealed record StubAnswer(int Status, string ContentType, byte[] Body);

/// <summary>
/// A local stand-in for Azure Speech's REST text-to-speech endpoint: Kestrel on 127.0.0.1 and a free port,
/// recording every request and answering what the test says.
/// </summary>
internal sealed class AzureStubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private readonly Func<StubRequest, CancellationToken, Task<StubAnswer>> _answer;

    private AzureStubServer(Func<StubRequest, CancellationToken, Task<StubAnswer>> answer)
    {
        _answer = answer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    /// <summary>The server's base address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    public static Task<AzureStubServer> StartAsync(StubAnswer answer, CancellationToken cancellationToken) =>
        StartAsync((_, _) => Task.FromResult(answer), cancellationToken);

    public static async Task<AzureStubServer> StartAsync(Func<StubRequest, CancellationToken, Task<StubAnswer>> answer, CancellationToken cancellationToken)
    {
        var server = new AzureStubServer(answer);
        await server._app.StartAsync(cancellationToken);
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>A 200 answer carrying a WAV, as Azure sends for riff-24khz-16bit-mono-pcm.</summary>
    public static StubAnswer Wav(byte[] wav) => new(200, "audio/x-wav", wav);

    /// <summary>An error answer with a text body.</summary>
    public static StubAnswer Error(int status, string body) => new(status, "text/plain", System.Text.Encoding.UTF8.GetBytes(body));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new StubRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        _requests.Enqueue(request);
        var answer = await _answer(request, context.RequestAborted);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }
}
