using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SoundBoxSim.Host.Control;

namespace SoundBoxSim.Host;

/// <summary>How the simulator's HTTP servers are made: slim, silent, on one address, with a last-resort error answer.</summary>
internal static class WebApps
{
    /// <summary>A slim web app listening on <paramref name="bind"/>:<paramref name="port"/> (0 = any free port), without log providers.</summary>
    public static WebApplication Create(IPAddress bind, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(bind, port));
        return builder.Build();
    }

    /// <summary>Last resort: a bug still answers 500 in the envelope, saying where to look, and is logged.</summary>
    public static void UseLastResortErrors(this WebApplication app, string who, Action<string>? log) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                log?.Invoke($"error: {who} {context.Request.Method} {context.Request.Path} failed: {error}");
                context.Response.Clear();
                context.Response.StatusCode = 500;
                await ControlJson.WriteErrorAsync(context, 500, $"{who} failed on this request ({error.GetType().Name}); please report it with the simulator's log");
            }
        });
}
