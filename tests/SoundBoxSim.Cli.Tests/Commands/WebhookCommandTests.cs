using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static SoundBoxSim.Cli.Tests.Up;

namespace SoundBoxSim.Cli.Tests.Commands;

/// <summary>
/// <c>sbsim webhook listen</c> between a real in-process <c>sbsim up</c> and a real local app (Kestrel on 127.0.0.1),
/// as a partner uses it: transfers made through the control API reach the app through the listener.
/// </summary>
public sealed partial class WebhookCommandTests
{
    /// <summary>The longest any single wait may take before the test fails instead of hanging.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forward_ATransferReachesTheApp_WithTheSameBytesAndAValidSignature_AndTheAppsAnswerIsLogged()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000401");
        await using var _ = up;
        await using var app = await LocalApp.StartAsync(200, """{"success":true}""");
        await using var listener = await Listener.StartAsync("--sepay", endpoints.Sepay, "--forward", app.Url.AbsoluteUri);

        var transaction = await TransferAsync(endpoints.Control, 150_000, "Thanh toan DH1709");
        var received = await Within(app.First);
        var ended = await Within(up.Output.WaitForLineAsync($"webhook {listener.WebhookId}: delivery ", Token));
        var logged = await Within(listener.Output.WaitForLineAsync($"transaction {transaction.GetProperty("id").GetInt64()} in 150,000 VND -> 200", Token));

        // The app got the fake's exact bytes, as a POST of JSON, at the path it was given.
        var delivery = Assert.Single((await DeliveriesAsync(endpoints.Control, listener.WebhookId)).EnumerateArray());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal(("POST", "/hook"), (received.Method, received.Path));
        Assert.Equal(Encoding.UTF8.GetBytes(attempt.GetProperty("requestBody").GetString()!), received.Body);
        Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal((transaction.GetProperty("id").GetInt64(), 150_000L, "DH1709"),
            (body.GetProperty("id").GetInt64(), body.GetProperty("transferAmount").GetInt64(), body.GetProperty("code").GetString()));

        // The signature checks out with the secret the listener printed: HMAC-SHA256 over "timestamp.body".
        Assert.StartsWith("whsec_", listener.Secret, StringComparison.Ordinal);
        var timestamp = received.Headers["X-SePay-Timestamp"];
        var message = Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(listener.Secret!), message));
        Assert.Equal(expected, received.Headers["X-SePay-Signature"]);
        Assert.Equal(attempt.GetProperty("requestHeaders").GetProperty("X-SePay-Signature").GetString(), received.Headers["X-SePay-Signature"]);

        // The app's answer is what the fake recorded, so the delivery succeeded; the listener logged it.
        Assert.Contains("succeeded", ended, StringComparison.Ordinal);
        Assert.Equal("succeeded", delivery.GetProperty("state").GetString());
        Assert.Equal(200, attempt.GetProperty("responseStatus").GetInt32());
        Assert.Equal("""{"success":true}""", attempt.GetProperty("responseBody").GetString());
        Assert.Matches(@"^\d\d:\d\d:\d\d POST transaction \d+ in 150,000 VND -> 200 OK, \{""success"":true\} \(\d+ ms\)$", logged);
    }

    [Fact]
    public async Task Forward_TheAppAnswers500_TheDeliveryFailsWithTheAppsAnswer()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000411");
        await using var _ = up;
        await using var app = await LocalApp.StartAsync(500, """{"error":"database is down"}""");
        await using var listener = await Listener.StartAsync("--sepay", endpoints.Sepay, "--forward", app.Url.AbsoluteUri, "--auth", "Api_Key", "--event", "In_only");

        var transaction = await TransferAsync(endpoints.Control, 20_000, "DH1710");
        var received = await Within(app.First);
        var ended = await Within(up.Output.WaitForLineAsync($"webhook {listener.WebhookId}: delivery ", Token));
        var logged = await Within(listener.Output.WaitForLineAsync($"transaction {transaction.GetProperty("id").GetInt64()} in 20,000 VND -> 500", Token));

        // Api_Key: the Authorization header reached the app with the key the listener printed.
        Assert.Matches("^sbsim_[0-9a-f]{32}$", listener.ApiKey);
        Assert.Equal($"Apikey {listener.ApiKey}", received.Headers["Authorization"]);
        Assert.False(received.Headers.ContainsKey("X-SePay-Signature"));

        Assert.Contains("failed", ended, StringComparison.Ordinal);
        var delivery = Assert.Single((await DeliveriesAsync(endpoints.Control, listener.WebhookId)).EnumerateArray());
        var attempt = Assert.Single(delivery.GetProperty("attempts").EnumerateArray());
        Assert.Equal("failed", delivery.GetProperty("state").GetString());
        Assert.Equal(500, attempt.GetProperty("responseStatus").GetInt32());
        Assert.Equal("""{"error":"database is down"}""", attempt.GetProperty("responseBody").GetString());
        Assert.Contains("-> 500 Internal Server Error, {\"error\":\"database is down\"}", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forward_TheAppIsDown_Answers502SayingSo_AndLogsIt()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000421");
        await using var _ = up;
        var down = new Uri($"http://127.0.0.1:{ClosedPort()}/hook");
        await using var listener = await Listener.StartAsync("--sepay", endpoints.Sepay, "--forward", down.AbsoluteUri);

        var transaction = await TransferAsync(endpoints.Control, 30_000, "DH1711");
        var ended = await Within(up.Output.WaitForLineAsync($"webhook {listener.WebhookId}: delivery ", Token));
        var logged = await Within(listener.Output.WaitForLineAsync($"transaction {transaction.GetProperty("id").GetInt64()} in 30,000 VND -> 502", Token));

        Assert.Contains($"your app at {down} is not reachable", logged, StringComparison.Ordinal);
        Assert.Contains("failed", ended, StringComparison.Ordinal);
        var attempt = Assert.Single(Assert.Single((await DeliveriesAsync(endpoints.Control, listener.WebhookId)).EnumerateArray()).GetProperty("attempts").EnumerateArray());
        Assert.Equal(502, attempt.GetProperty("responseStatus").GetInt32());
        var answer = JsonDocument.Parse(attempt.GetProperty("responseBody").GetString()!).RootElement;
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Contains($"{down} is not reachable", answer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutForward_PrintsTheDelivery_AnswersSuccess_AndStoppingDeletesTheWebhook()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000431");
        await using var _ = up;
        var account = endpoints.BankAccounts[0];
        await using var listener = await Listener.StartAsync("--sepay", endpoints.Sepay, "--auth", "No_Authen", "--event", "In_only", "--account", $"{account.Id}", "--retry-non-2xx");
        using var http = new HttpClient();
        var bearer = await SePayTokenAsync(http, endpoints);

        // The options made the webhook the fake holds, pointing at the listener's receiver.
        var registered = await GetWebhookAsync(http, endpoints, bearer, listener.WebhookId);
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        var data = registered.Body.GetProperty("data");
        Assert.Equal(listener.ReceiverUrl, data.GetProperty("webhook_url").GetString());
        Assert.Equal(("No_Authen", "In_only", account.Id), (data.GetProperty("authen_type").GetString(), data.GetProperty("event_type").GetString(), data.GetProperty("bank_account_id").GetInt64()));
        Assert.Equal(1, data.GetProperty("retry_conditions").GetProperty("non_2xx_status_code").GetInt32());

        var transaction = await TransferAsync(endpoints.Control, 150_000, "DH1712 cam on", account.AccountNumber);
        var ended = await Within(up.Output.WaitForLineAsync($"webhook {listener.WebhookId}: delivery ", Token));
        var printed = await Within(listener.Output.WaitForLineAsync($"transaction {transaction.GetProperty("id").GetInt64()} in 150,000 VND -> 200 (printed", Token));

        // {"success": true} satisfies SePay's strict rule; the printout is the pretty JSON of the body.
        Assert.Contains("succeeded", ended, StringComparison.Ordinal);
        var json = printed[printed.IndexOf('{', StringComparison.Ordinal)..];
        Assert.Contains("\n  \"transferAmount\": 150000,", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("DH1712 cam on", JsonDocument.Parse(json).RootElement.GetProperty("content").GetString());

        // Stopping (Ctrl+C) deletes the webhook and exits 0.
        Assert.Equal(0, await listener.StopAsync());
        Assert.EndsWith($"; webhook {listener.WebhookId} deleted", await listener.Output.WaitForLineAsync("stopped (1 deliveries received)", Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetWebhookAsync(http, endpoints, bearer, listener.WebhookId)).Status);
        using var list = new HttpRequestMessage(HttpMethod.Get, $"{endpoints.Sepay}/api/v1/webhooks");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var listed = await http.SendAsync(list, Token);
        var ids = (await listed.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("data").EnumerateArray().Select(w => w.GetProperty("id").GetInt64());
        Assert.DoesNotContain(listener.WebhookId, ids);
    }

    [Fact]
    public async Task Listen_WrongClientSecret_ExitsWithTheFakesReason()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000441");
        await using var _ = up;

        var run = await CliRun.RunAsync("webhook", "listen", "--sepay", endpoints.Sepay, "--client-secret", "not-the-secret");

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.Contains("refused a token for client 'sbsim-oauth-client' (401)", run.Error, StringComparison.Ordinal);
        Assert.Contains("--client-secret", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_WithNoSimulator_SaysToStartOne()
    {
        var run = await CliRun.RunAsync("webhook", "listen", "--sepay", $"http://127.0.0.1:{ClosedPort()}");

        Assert.Equal(SbsimCli.Failed, run.ExitCode);
        Assert.Contains("no fake SePay answers at", run.Error, StringComparison.Ordinal);
        Assert.Contains("./sbsim up", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--forward", "ftp://localhost/hook", "--forward 'ftp://localhost/hook' is not an http(s) URL")]
    [InlineData("--forward", "localhost:3000/hook", "is not an http(s) URL")]
    [InlineData("--sepay", "8081", "--sepay '8081' is not an http(s) URL")]
    [InlineData("--auth", "OAuth2.0", "--auth 'OAuth2.0' is not one of No_Authen, Api_Key, HMAC_SHA256")]
    [InlineData("--event", "Sometimes", "--event 'Sometimes' is not one of In_only, Out_only, All")]
    [InlineData("--port", "70000", "--port 70000 is not a port")]
    [InlineData("--port", "lots", "lots")]
    [InlineData("--account", "-1", "--account -1 is not an account id")]
    public async Task Listen_BadOption_ExitsWithOneLine(string option, string value, string reason)
    {
        // Nothing listens at --sepay: a bad option must be refused before the simulator is looked for.
        var run = await CliRun.RunAsync(["webhook", "listen", .. option == "--sepay" ? Array.Empty<string>() : ["--sepay", $"http://127.0.0.1:{ClosedPort()}"], option, value]);

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal("", run.Output);
    }

    private static Task<T> Within<T>(Task<T> task) => task.WaitAsync(Patience, TimeProvider.System, Token);

    private static int ClosedPort()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now
        return port;
    }

    private static async Task<JsonElement> TransferAsync(string control, long amount, string content, string? accountNumber = null)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync($"{control}/bank/transfers", new { amount, content, accountNumber }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.True(response.IsSuccessStatusCode, $"the transfer was refused: {body}");
        return body;
    }

    private static async Task<JsonElement> DeliveriesAsync(string control, long webhookId)
    {
        using var http = new HttpClient();
        return await http.GetFromJsonAsync<JsonElement>($"{control}/webhooks/deliveries?webhookId={webhookId}", Token);
    }

    private static async Task<string> SePayTokenAsync(HttpClient http, Endpoints endpoints)
    {
        var client = endpoints.SepayOAuthClients[0];
        using var response = await http.PostAsync($"{endpoints.Sepay}/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
            ["scope"] = "webhook:read",
        }), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("access_token").GetString()!;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetWebhookAsync(HttpClient http, Endpoints endpoints, string bearer, long id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoints.Sepay}/api/v1/webhooks/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, Token);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Token));
    }

    [GeneratedRegex(@"webhook (\d+) registered on \S+ \(.*\), delivering to (\S+)$")]
    private static partial Regex RegisteredLine();

    [GeneratedRegex(@"^  (secret key|api key): (\S+)")]
    private static partial Regex KeyLine();

    /// <summary>A running <c>sbsim webhook listen</c> in this process, stopped (as by Ctrl+C) on dispose.</summary>
    private sealed class Listener : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        private readonly StringWriter _error = new();

        private Listener(string[] args) => Exit = SbsimCli.RunAsync(["webhook", "listen", .. args], Output, TextWriter.Synchronized(_error), _stop.Token);

        public LineWriter Output { get; } = new();

        public Task<int> Exit { get; }

        public long WebhookId { get; private set; }

        public string ReceiverUrl { get; private set; } = "";

        public string? Secret { get; private set; }

        public string? ApiKey { get; private set; }

        public static async Task<Listener> StartAsync(params string[] args)
        {
            var listener = new Listener(args);
            var ready = await Task.WhenAny(listener.Output.WaitForLineAsync("Ctrl+C to stop", Token), listener.Exit).WaitAsync(Patience, TimeProvider.System, Token);
            Assert.True(ready != listener.Exit, $"sbsim webhook listen exited with {(listener.Exit.IsCompleted ? listener.Exit.Result : -1)} before it was ready: {listener._error}");
            var line = await listener.Output.WaitForLineAsync(" registered on ", Token);
            var registered = RegisteredLine().Match(line);
            Assert.True(registered.Success, $"not a 'webhook N registered on ...' line: {line}");
            listener.WebhookId = long.Parse(registered.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            listener.ReceiverUrl = registered.Groups[2].Value;
            if (line.Contains("(HMAC_SHA256,", StringComparison.Ordinal))
            {
                listener.Secret = KeyLine().Match(await listener.Output.WaitForLineAsync("  secret key: ", Token)).Groups[2].Value;
            }
            else if (line.Contains("(Api_Key,", StringComparison.Ordinal))
            {
                listener.ApiKey = KeyLine().Match(await listener.Output.WaitForLineAsync("  api key: ", Token)).Groups[2].Value;
            }

            return listener;
        }

        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync();
            return await Exit.WaitAsync(Patience, TimeProvider.System, Token);
        }

        public async ValueTask DisposeAsync()
        {
            if (!Exit.IsCompleted)
            {
                await StopAsync();
            }

            _stop.Dispose();
            _error.Dispose();
            Output.Dispose();
        }
    }

    /// <summary>What the local app got.</summary>
    private sealed record Received(string Method, string Path, byte[] Body, Dictionary<string, string> Headers);

    /// <summary>The partner's app: Kestrel on 127.0.0.1, answering every request with a fixed status and body.</summary>
    private sealed class LocalApp : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TaskCompletionSource<Received> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private LocalApp(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        /// <summary>Completes with the first request the app received.</summary>
        public Task<Received> First => _first.Task;

        public static async Task<LocalApp> StartAsync(int status, string answer)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = new LocalApp(builder.Build());
            app._app.Run(async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                app._first.TrySetResult(new Received(context.Request.Method, context.Request.Path.Value ?? "", body.ToArray(), headers));
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(answer, context.RequestAborted);
            });
            await app._app.StartAsync(Token);
            app.Url = new Uri(new Uri(app._app.Urls.First()), "/hook");
            return app;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
