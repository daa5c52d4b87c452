using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Mosquitto;

using static SoundBoxSim.Cli.Tests.Up;

namespace SoundBoxSim.Cli.Tests.Commands;

/// <summary><c>sbsim up</c> as a CI script uses it: start, read the endpoints file, call every URL, stop.</summary>
public sealed class UpCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> TokenAsync(HttpClient http, string speakerApi, PartnerEntry partner)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{speakerApi}/token/create");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{partner.ClientId}:{partner.ClientSecret}")));
        return await http.SendAsync(request, Token);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string url, string? bearer, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = bearer is null ? null : new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await http.SendAsync(request, Token);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }

    private static async Task<string> BearerAsync(HttpClient http, Endpoints endpoints)
    {
        using var response = await TokenAsync(http, endpoints.SpeakerApi, endpoints.Partners[0]);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("access_token").GetString()!;
    }

    [Fact]
    public async Task Up_WritesTheEndpointsFile_AndEveryUrlInItWorks()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "2", "--serial-start", "VNS52577000001", "--partner", "pos-a:secret-a", "--partner", "pos-b:secret-b");
        await using var _ = up;
        using var http = new HttpClient();

        Assert.EndsWith("/devices/v1", endpoints.SpeakerApi, StringComparison.Ordinal);
        Assert.EndsWith("/control/v1", endpoints.Control, StringComparison.Ordinal);
        Assert.Equal(["VNS52577000001", "VNS52577000002"], endpoints.Devices);
        Assert.Equal([new PartnerEntry("pos-a", "secret-a"), new PartnerEntry("pos-b", "secret-b")], endpoints.Partners);

        foreach (var partner in endpoints.Partners)
        {
            using var token = await TokenAsync(http, endpoints.SpeakerApi, partner);
            Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        }

        var devices = await http.GetFromJsonAsync<JsonElement>($"{endpoints.Control}/devices", Token);
        Assert.Equal(endpoints.Devices, devices.EnumerateArray().Select(d => d.GetProperty("serial").GetString()));
        Assert.All(devices.EnumerateArray(), d => Assert.True(d.GetProperty("online").GetBoolean()));

        // The MQTT URL is a real broker: Mosquitto's own client reads the devices' retained statuses from it.
        var mqtt = new Uri(endpoints.Mqtt);
        Assert.Equal("mqtt", mqtt.Scheme);
        var statuses = await MosquittoClients.SubscribeAsync(mqtt.Host, mqtt.Port, "soundbox/+/status", 2, cancellationToken: Token);
        Assert.Equal(endpoints.Devices.Select(s => $"soundbox/{s}/status"), statuses.Select(s => s.Topic).Order(StringComparer.Ordinal));

        // The fake SePay answers on its own port; the bank accounts listed are the ones the control API holds.
        var sepay = new Uri(endpoints.Sepay);
        Assert.NotEqual(new Uri(endpoints.SpeakerApi).Port, sepay.Port);
        using (var unknown = await http.GetAsync(new Uri(sepay, "/no/such/route"), Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error_code").GetString());
        }

        // The OAuth clients listed get a token from the fake SePay and list its webhooks with it.
        var client = Assert.Single(endpoints.SepayOAuthClients);
        using var tokenResponse = await http.PostAsync(new Uri(sepay, "/oauth/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.ClientId, ["client_secret"] = client.ClientSecret, ["scope"] = "webhook:read",
        }), Token);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var list = new HttpRequestMessage(HttpMethod.Get, new Uri(sepay, "/api/v1/webhooks"));
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("access_token").GetString());
        using (var webhooks = await http.SendAsync(list, Token))
        {
            Assert.Equal(HttpStatusCode.OK, webhooks.StatusCode);
        }

        // The API token listed reads the legacy transactions API.
        using (var count = new HttpRequestMessage(HttpMethod.Get, new Uri(sepay, "/userapi/bankaccounts/count")))
        {
            count.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Assert.Single(endpoints.SepayApiTokens));
            using var counted = await http.SendAsync(count, Token);
            Assert.Equal(endpoints.BankAccounts.Length, int.Parse((await counted.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("count_bankaccounts").ToString(), System.Globalization.CultureInfo.InvariantCulture));
        }

        var accounts = await http.GetFromJsonAsync<JsonElement>($"{endpoints.Control}/bank/accounts", Token);
        Assert.Equal(accounts.EnumerateArray().Select(a => (a.GetProperty("id").GetInt64(), a.GetProperty("accountNumber").GetString(), a.GetProperty("bank").GetString())),
            endpoints.BankAccounts.Select(a => (a.Id, (string?)a.AccountNumber, (string?)a.Bank)));
        Assert.NotEmpty(endpoints.BankAccounts);

        Assert.Equal(0, await up.StopAsync());
        Assert.True(up.Output.WaitForLineAsync("sbsim up: stopping", Token).IsCompletedSuccessfully, "no 'stopping' line after the stop");
    }

    [Fact]
    public async Task Up_WithMosquitto_RunsTheDevicesAndTheSpeakerApiThroughIt()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync(cancellationToken: Token);
        await using var watcher = await MosquittoClients.StartSubscriberAsync("127.0.0.1", mosquitto.Port, "soundbox/+/status", 1, cancellationToken: Token);
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000101", "--broker", $"mqtt://127.0.0.1:{mosquitto.Port}");
        await using var _ = up;
        using var http = new HttpClient();

        Assert.Equal($"mqtt://127.0.0.1:{mosquitto.Port}", endpoints.Mqtt);
        var status = Assert.Single(await watcher.WaitAsync(Token));
        Assert.Equal("soundbox/VNS52577000101/status", status.Topic);
        var check = await PostAsync(http, $"{endpoints.SpeakerApi}/speaker/pair/check", await BearerAsync(http, endpoints), new { hardwareId = "VNS52577000101" });
        Assert.True(check.GetProperty("data").GetProperty("online").GetBoolean(), check.ToString());
    }

    [Fact]
    public async Task Up_WithData_KeepsPairingsAcrossARestart()
    {
        var folder = RepoPaths.NewTempFolder("sbsim-up-data");
        const string serial = "VNS52577000201";
        using var http = new HttpClient();
        var (first, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", serial, "--data", folder);
        await using (first)
        {
            var bearer = await BearerAsync(http, endpoints);
            var request = await PostAsync(http, $"{endpoints.SpeakerApi}/speaker/pair/request", bearer, new { hardwareId = serial });
            var session = request.GetProperty("data").GetProperty("session_id").GetString();
            // The device speaks the OTP (not the boot greeting, which may already be in the log): the voice pack's otp phrase.
            await first.Output.WaitForLineAsync($"{serial}: says \"Mã xác thực", Token);
            var announcements = await http.GetFromJsonAsync<JsonElement>($"{endpoints.Control}/devices/{serial}/announcements", Token);
            var otp = announcements.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "otp").GetProperty("otp").GetString();
            var verified = await PostAsync(http, $"{endpoints.SpeakerApi}/speaker/pair/verify", bearer, new { hardwareId = serial, session_id = session, otp });
            Assert.True(verified.GetProperty("data").GetProperty("isPaired").GetBoolean(), verified.ToString());
            Assert.Equal(0, await first.StopAsync());
        }

        var (second, again) = await Running.StartAsync("--devices", "1", "--serial-start", serial, "--data", folder);
        await using (second)
        {
            var check = await PostAsync(http, $"{again.SpeakerApi}/speaker/pair/check", await BearerAsync(http, again), new { hardwareId = serial });
            Assert.True(check.GetProperty("data").GetProperty("isPaired").GetBoolean(), check.ToString());
            var device = await http.GetFromJsonAsync<JsonElement>($"{again.Control}/devices/{serial}", Token);
            Assert.True(device.GetProperty("paired").GetBoolean(), device.ToString());
        }
    }

    [Theory]
    [InlineData("--clock", "sundial", "--clock 'sundial' is not a clock")]
    [InlineData("--broker", "http://127.0.0.1:1883", "mqtt://HOST:PORT")]
    [InlineData("--broker", "embedded", "leave it out")]
    [InlineData("--bind", "localhost:80", "not an IP address")]
    [InlineData("--partner", "no-secret", "CLIENT_ID:CLIENT_SECRET")]
    [InlineData("--serial-start", "12345", "12345")]
    public async Task Up_BadOption_ExitsWithOneLineSayingWhatToFix(string option, string value, string reason)
    {
        var run = await CliRun.RunAsync("up", "--port", "0", "--sepay-port", "0", "--mqtt-port", "0", option, value);

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Up_OnAPortInUse_FailsWithAHint()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var run = await CliRun.RunAsync("up", "--port", port, "--sepay-port", "0", "--mqtt-port", "0");

        Assert.Equal(SbsimCli.Failed, run.ExitCode);
        Assert.Contains("--port 0", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_AsAProcess_StopsCleanlyOnCtrlC()
    {
        var endpointsFile = Path.Combine(RepoPaths.NewTempFolder("sbsim-up-process"), "endpoints.json");
        var log = new LineLog();
        await using var process = ChildProcess.Start("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "sbsim.dll"), "up", "--port", "0", "--sepay-port", "0", "--mqtt-port", "0", "--devices", "1", "--endpoints-file", endpointsFile], log);
        await log.WaitForAsync("Ctrl+C to stop.", cancellationToken: Token);
        var endpoints = JsonSerializer.Deserialize<Endpoints>(await File.ReadAllBytesAsync(endpointsFile, Token), JsonSerializerOptions.Web)!;

        await process.InterruptAsync(Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("sbsim up: stopping", log.Lines);
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(new Uri(endpoints.SpeakerApi).Host, new Uri(endpoints.SpeakerApi).Port, Token).AsTask());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
