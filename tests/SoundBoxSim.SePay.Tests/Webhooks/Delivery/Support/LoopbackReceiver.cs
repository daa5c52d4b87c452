using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;

/// <summary>A request as the receiver got it: raw body bytes, and the form as ASP.NET Core's form reader parsed it.</summary>
internal sealed record ReceivedRequest(
    string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, IReadOnlyDictionary<string, string>? Form, int FormFiles)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A webhook receiver on a real Kestrel server (127.0.0.1, port 0). Every request is recorded before the test's
/// responder runs, so a test can wait for it; the responder then answers, or holds the request open.
/// </summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly CancellationTokenSource _stopping = new();
    private int _count;

    private LoopbackReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>How many requests arrived, on any path.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Cancelled when the receiver stops: a responder that holds a request open waits on it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public Uri Url(string path = "/hook") => new(BaseAddress, path);

    /// <summary>Starts a receiver; <paramref name="respond"/> answers every request (path in <see cref="ReceivedRequest.Path"/>).</summary>
    public static async Task<LoopbackReceiver> StartAsync(Func<HttpContext, ReceivedRequest, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackReceiver? receiver = null;
        app.Run(async context =>
        {
            var request = await RecordAsync(context);
            Interlocked.Increment(ref receiver!._count);
            receiver._received.Writer.TryWrite(request);
            await respond(context, request);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        receiver = new LoopbackReceiver(app, address);
        return receiver;
    }

    /// <summary>A receiver that answers <paramref name="status"/> with <paramref name="body"/> as JSON.</summary>
    public static Task<LoopbackReceiver> AnsweringAsync(int status, string body = """{"success": true}""") =>
        StartAsync((context, _) => Answer(context, status, body));

    public static async Task Answer(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The next request that arrives (in arrival order).</summary>
    public async Task<ReceivedRequest> NextAsync() =>
        await _received.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    /// <summary>Every request that has arrived and not been taken by <see cref="NextAsync"/>.</summary>
    public List<ReceivedRequest> Drain()
    {
        var all = new List<ReceivedRequest>();
        while (_received.Reader.TryRead(out var request))
        {
            all.Add(request);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private static async Task<ReceivedRequest> RecordAsync(HttpContext context)
    {
        var request = context.Request;
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, context.RequestAborted);
        request.Body.Position = 0;
        Dictionary<string, string>? form = null;
        var files = 0;
        if (request.HasFormContentType)
        {
            var parsed = await request.ReadFormAsync(context.RequestAborted);
            form = parsed.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
            files = parsed.Files.Count;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new ReceivedRequest(request.Method, request.Path.Value ?? "", headers, copy.ToArray(), form, files);
    }
}
