using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SoundBoxSim.Host.Control;
using SoundBoxSim.SePay;
using SoundBoxSim.SePay.OAuth;
using SoundBoxSim.SePay.UserApi;
using SoundBoxSim.SePay.VietQr;
using SoundBoxSim.SePay.Webhooks.Api;

namespace SoundBoxSim.Host;

/// <summary>The fake SePay backend's own HTTP server, on its own port as SePay's hosts are separate from the Speaker API's.</summary>
internal static class SePayHost
{
    public static WebApplication Build(SePayBackend sepay, SePay.OAuth.OAuthServer oauth, IPAddress bind, int port, Action<string>? log)
    {
        var app = WebApps.Create(bind, port);
        app.UseLastResortErrors("the fake SePay", log);
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.ContentLength is null && !http.Response.HasStarted)
            {
                var status = http.Response.StatusCode;
                await http.Response.WriteAsJsonAsync(new
                {
                    status = "error",
                    message = status == 405 ? $"{http.Request.Method} is not allowed on {http.Request.Path}" : $"no endpoint {http.Request.Path}",
                    error_code = status == 405 ? "method_not_allowed" : "not_found",
                });
            }
        });
        app.MapSePayOAuth(oauth);
        app.MapSePayWebhookApi(sepay, oauth);
        app.MapVietQr();
        app.MapSePayUserApi(sepay.Ledger, sepay.Options.UserApi with { TimeProvider = sepay.Options.TimeProvider });
        return app;
    }
}
