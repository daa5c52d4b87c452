using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Storage;
using SoundBoxSim.SePay.UserApi;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Web;

namespace SoundBoxSim.SePay.Tests.UserApi.Support;

/// <summary>
/// The legacy userapi as a partner's reconciliation job meets it: Kestrel on 127.0.0.1 port 0 mapping only
/// <see cref="UserApiEndpoints.MapSePayUserApi"/>, over a ledger the test seeds itself, on one virtual clock.
/// </summary>
internal sealed class UserApiRig : IAsyncDisposable
{
    /// <summary>A second accepted token (the default one is <see cref="UserApiOptions.DefaultToken"/>).</summary>
    public const string OtherToken = "OTHERtoken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR";

    public const string VcbNumber = "0071000888888", MbNumber = "0123499999", IcbNumber = "102871015203", AcbNumber = "99887766";
    public const string VcbVa = "VCB0011ABC002";
    public const long VcbOpening = 1_000_000, MbOpening = 0, IcbOpening = 2_525_493, AcbOpening = 700_000;

    /// <summary>Vietnam time, as SePay writes its times.</summary>
    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>2026-05-04 04:59:47 UTC = 11:59:47 in Vietnam.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 4, 59, 47, TimeSpan.Zero);

    /// <summary>When the rig's accounts were created: 2025-01-02 08:00:00 in Vietnam.</summary>
    public static readonly DateTimeOffset Created = new(2025, 1, 2, 8, 0, 0, Vietnam);

    private readonly WebApplication _app;

    private UserApiRig(WebApplication app, ManualTimeProvider time, BankLedger ledger, Uri baseAddress, ConcurrentQueue<string> errors)
    {
        _app = app;
        Time = time;
        Ledger = ledger;
        ServerErrors = errors;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public ManualTimeProvider Time { get; }

    public BankLedger Ledger { get; }

    public HttpClient Http { get; }

    /// <summary>Everything the server logged at Error or above (a handler that threw shows here).</summary>
    public ConcurrentQueue<string> ServerErrors { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Four accounts (Vietcombank with the VA <see cref="VcbVa"/>, MBBank, VietinBank, and an inactive ACB), their
    /// opening balances the constants above; the rate limit off unless <paramref name="configure"/> sets it, so tests of
    /// the data are not throttled.
    /// </summary>
    public static async Task<UserApiRig> StartAsync(Func<UserApiOptions, UserApiOptions>? configure = null)
    {
        var time = new ManualTimeProvider(Start);
        var ledger = new BankLedger(new LedgerOptions
        {
            TimeProvider = time,
            Accounts =
            [
                new(19, "Vietcombank", VcbNumber, "NGUYEN VAN AN", VcbOpening, "Quầy chính", true, Created, null),
                new(20, "MBBank", MbNumber, "CONG TY TNHH SOUNDBOXSIM", MbOpening, "Chi nhánh 2", true, Created, null),
                new(21, "VietinBank", IcbNumber, "NGUYEN THI B", IcbOpening, "", true, Created, null),
                new(22, "ACB", AcbNumber, "TRAN VAN C", AcbOpening, "Đã đóng", false, Created, null),
            ],
            VirtualAccounts = [new(25, 19, VcbVa, VirtualAccountKind.Official, "Quầy 1")],
        }, DocumentStore.InMemory());
        var options = (configure ?? (o => o))(new UserApiOptions { ApiTokens = [UserApiOptions.DefaultToken, OtherToken], RequestsPerSecond = 0 }) with { TimeProvider = time };

        var errors = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ServerErrorCollector(errors));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapSePayUserApi(ledger, options);
        await app.StartAsync(Token);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.Equal("127.0.0.1", address.Host);
        return new UserApiRig(app, time, ledger, address, errors);
    }

    /// <summary>A transfer on the ledger, <paramref name="after"/> (default 1 s) after the previous moment of the clock.</summary>
    public Transaction Transfer(long amount, string content, string account = VcbNumber, string? va = null, TransferType type = TransferType.In, TimeSpan? after = null)
    {
        Time.Advance(after ?? TimeSpan.FromSeconds(1));
        return Ledger.Transfer(new TransferRequest(amount, content, account, va, type));
    }

    /// <summary>The query string of <paramref name="parameters"/>, percent-encoded.</summary>
    public static string Query(params (string Name, string Value)[] parameters) =>
        parameters.Length == 0 ? "" : "?" + string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>A time as SePay writes it, computed here on its own: Vietnam time, <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static string SePayTime(DateTimeOffset time) => time.ToOffset(Vietnam).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>GET with <c>Authorization: Bearer {token}</c> (null: no header; "": the raw <paramref name="authorization"/> header instead).</summary>
    public async Task<Answer> GetAsync(string pathAndQuery, string? token = UserApiOptions.DefaultToken, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        var retry = response.Headers.TryGetValues(UserApiEndpoints.RetryAfterHeader, out var values) ? string.Join(",", values) : null;
        return new Answer((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, retry);
    }

    /// <summary>GET that must succeed: HTTP 200, SePay's success envelope; returns the value under <paramref name="key"/>.</summary>
    public async Task<JsonElement> OkAsync(string pathAndQuery, string key, string token = UserApiOptions.DefaultToken)
    {
        var answer = await GetAsync(pathAndQuery, token);
        Assert.True(answer.Status == 200, $"GET {pathAndQuery}: HTTP {answer.Status} {answer.Body}");
        var root = answer.Json();
        Assert.True(root.GetProperty("status").GetInt32() == 200, $"GET {pathAndQuery}: {answer.Body}");
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.True(root.GetProperty("messages").GetProperty("success").GetBoolean());
        return root.GetProperty(key).Clone();
    }

    /// <summary>The ids of a list, in the order given.</summary>
    public async Task<List<long>> IdsAsync(string pathAndQuery, string key = "transactions") =>
        [.. (await OkAsync(pathAndQuery, key)).EnumerateArray().Select(e => long.Parse(e.GetProperty("id").GetString()!, CultureInfo.InvariantCulture))];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>One answer: HTTP status, body text, media type and the <c>x-sepay-userapi-retry-after</c> header.</summary>
internal sealed record Answer(int Status, string Body, string? MediaType, string? RetryAfter)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts SePay's legacy error shape with HTTP 200: <c>{"status":N,"error":"...","messages":{"success":false}}</c>; returns the error.</summary>
    public string AssertBusinessError(int status)
    {
        Assert.True(Status == 200, $"HTTP {Status} {Body}");
        var root = Json();
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        Assert.False(root.GetProperty("messages").GetProperty("success").GetBoolean());
        Assert.Equal(["status", "error", "messages"], root.EnumerateObject().Select(p => p.Name));
        var error = root.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }
}
