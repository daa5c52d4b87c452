using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SoundBoxSim.SePay.Tests.Webhooks.Engine;

/// <summary>A partner's webhook receiver on a loopback port that is "down" (503) while <see cref="Down"/> says so, judged on the test's clock.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app) => _app = app;

    public Func<bool> Down { get; set; } = () => false;

    public ConcurrentQueue<(DateTimeOffset At, string Body)> Requests { get; } = new();

    public string Url => new Uri(new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/hook").ToString();

    public static async Task<Receiver> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            receiver.Requests.Enqueue((clock.GetUtcNow(), await reader.ReadToEndAsync()));
            return receiver.Down() ? Results.StatusCode(503) : Results.Json(new { success = true });
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
