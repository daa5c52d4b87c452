using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundBoxSim.SePay.VietQr;

namespace SoundBoxSim.SePay.Tests.VietQr.Support;

/// <summary>The fake QR service as a partner's page meets it: a real Kestrel server on 127.0.0.1, port 0, mapping only <see cref="VietQrEndpoints.MapVietQr"/>.</summary>
internal sealed class VietQrServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private VietQrServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<VietQrServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapVietQr();
        await app.StartAsync(Token);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.Equal("127.0.0.1", address.Host);
        return new VietQrServer(app, address);
    }

    /// <summary>The query string for <paramref name="parameters"/>, each name and value percent-encoded; a null value is left out.</summary>
    public static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value!)}"));

    public async Task<Answer> GetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(pathAndQuery, Token);
        var body = await response.Content.ReadAsByteArrayAsync(Token);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentType?.CharSet, body);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    public sealed record Answer(int Status, string? MediaType, string? CharSet, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }
}
