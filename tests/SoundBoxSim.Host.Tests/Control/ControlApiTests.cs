using System.Net;
using System.Text;
using System.Text.Json;

namespace SoundBoxSim.Host.Tests.Control;

/// <summary>The control API over real HTTP against a running simulator (virtual clock, embedded broker).</summary>
public sealed class ControlApiTests
{
    private const string First = "VNS52508000001";

    private static Task<Simulator> StartAsync(int devices = 2, bool virtualClock = true) => Simulator.StartAsync(new SimulatorOptions
    {
        Devices = devices,
        HttpPort = 0,
        SePayPort = 0,
        MqttPort = 0,
        VirtualClock = virtualClock,
    }, TestContext.Current.CancellationToken);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Simulator simulator, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var request = new HttpRequestMessage(method, $"/control/v1/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>An error must be the envelope with code = status, data null, and an English error that mentions <paramref name="mentions"/>.</summary>
    private static void AssertError(HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) answer, string mentions)
    {
        Assert.Equal(expected, answer.Status);
        Assert.Equal((int)expected, answer.Body.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("data").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(answer.Body.GetProperty("message").GetString()));
        Assert.Contains(mentions, answer.Body.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Devices_ListsTheFleet_WithTheFieldsPartnerScriptsRelyOn()
    {
        await using var simulator = await StartAsync(devices: 3);
        var (status, devices) = await SendAsync(simulator, HttpMethod.Get, "devices");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["VNS52508000001", "VNS52508000002", "VNS52508000003"], devices.EnumerateArray().Select(d => d.GetProperty("serial").GetString()));
        foreach (var device in devices.EnumerateArray())
        {
            Assert.Equal("S5 Plus", device.GetProperty("model").GetString());
            Assert.DoesNotContain(device.GetProperty("state").GetString(), new[] { "Off", "Booting", "SearchingNetwork" });
            Assert.True(Enum.TryParse<SoundBoxSim.Device.DeviceState>(device.GetProperty("state").GetString(), out _));
            Assert.True(device.GetProperty("online").GetBoolean());
            Assert.False(device.GetProperty("paired").GetBoolean());
            Assert.Equal(100, device.GetProperty("battery").GetDouble());
        }
    }

    [Fact]
    public async Task AddedDevice_ComesOnline_AndTheSpeakerApiKnowsIt_RemovedDeviceIsGoneEverywhere()
    {
        await using var simulator = await StartAsync(devices: 1);
        using var partner = new PartnerClient(simulator);
        await partner.TokenAsync();

        var (added, device) = await SendAsync(simulator, HttpMethod.Post, "devices", """{"serial":"VNS52508000100","model":"S6 Pro","battery":55,"mains":false}""");
        Assert.Equal(HttpStatusCode.Created, added);
        Assert.Equal("VNS52508000100", device.GetProperty("serial").GetString());
        Assert.Equal("S6 Pro", device.GetProperty("model").GetString());
        Assert.False(device.GetProperty("mains").GetBoolean());

        await simulator.AdvanceUntilAsync(async () => (await partner.ControlGetAsync("devices/VNS52508000100")).GetProperty("online").GetBoolean(), "the added device online");
        var (checkStatus, check) = await partner.PostAsync("speaker/pair/check", new { hardwareId = "VNS52508000100" });
        Assert.Equal(200, checkStatus);
        Assert.Equal("S6 Pro", check.GetProperty("data").GetProperty("model").GetString());
        Assert.True(check.GetProperty("data").GetProperty("online").GetBoolean());
        Assert.Equal(55, (await partner.ControlGetAsync("devices/VNS52508000100")).GetProperty("battery").GetDouble(), 0.5);

        var (removed, _) = await SendAsync(simulator, HttpMethod.Delete, "devices/VNS52508000100");
        Assert.Equal(HttpStatusCode.NoContent, removed);
        Assert.Equal(404, (await partner.PostAsync("speaker/pair/check", new { hardwareId = "VNS52508000100" })).Status);
        AssertError(HttpStatusCode.NotFound, await SendAsync(simulator, HttpMethod.Get, "devices/VNS52508000100"), "VNS52508000100");
        AssertError(HttpStatusCode.NotFound, await SendAsync(simulator, HttpMethod.Delete, "devices/VNS52508000100"), "VNS52508000100");
        Assert.Equal([First], (await partner.ControlGetAsync("devices")).EnumerateArray().Select(d => d.GetProperty("serial").GetString()));
    }

    [Fact]
    public async Task RemovingAPairedDevice_ForgetsThePairing_SoTheSerialComesBackFresh()
    {
        await using var simulator = await StartAsync(devices: 1);
        using var partner = new PartnerClient(simulator);
        await partner.TokenAsync();
        await partner.PairAsync(First);
        await simulator.AdvanceUntilAsync(async () => (await ControlDeviceAsync(simulator, First)).GetProperty("paired").GetBoolean(), "paired on the device");

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(simulator, HttpMethod.Delete, $"devices/{First}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(simulator, HttpMethod.Post, "devices", $$"""{"serial":"{{First}}"}""")).Status);
        await simulator.AdvanceUntilAsync(async () => (await ControlDeviceAsync(simulator, First)).GetProperty("online").GetBoolean(), "back online");

        Assert.False((await ControlDeviceAsync(simulator, First)).GetProperty("paired").GetBoolean());
        Assert.Null(simulator.Cloud.PairingOf(First));
        Assert.False((await partner.PostAsync("speaker/pair/check", new { hardwareId = First })).Body.GetProperty("data").GetProperty("isPaired").GetBoolean());
    }

    private static async Task<JsonElement> ControlDeviceAsync(Simulator simulator, string serial) =>
        (await SendAsync(simulator, HttpMethod.Get, $"devices/{serial}")).Body;

    [Theory]
    [InlineData("""{"serial":"12345"}""", "serial")]
    [InlineData("""{"serial":"VNS-1"}""", "serial")]
    [InlineData("""{"serial":"vns52508000100"}""", "serial")]
    [InlineData("""{"serial":null}""", "serial")]
    [InlineData("""{"model":"S5 Plus"}""", "serial")]
    [InlineData("""{"serial":"VNS52508000100","battery":"50"}""", "battery")]
    [InlineData("""{"serial":"VNS52508000100","battery":150}""", "battery")]
    [InlineData("""{"serial":"VNS52508000100","model":""}""", "model")]
    [InlineData("""{"serial":"VNS52508000100","modle":"S5"}""", "modle")]
    [InlineData("""{"serial":"VNS52508000100","powerOn":"yes"}""", "powerOn")]
    [InlineData("""[{"serial":"VNS52508000100"}]""", "serial")]
    [InlineData("""{"serial":"VNS52508000100" """, "serial")]
    [InlineData("", "body")]
    public async Task AddDevice_WithABadBody_Answers400_NamingWhatWasWrong(string body, string mentions)
    {
        await using var simulator = await StartAsync(devices: 1);
        AssertError(HttpStatusCode.BadRequest, await SendAsync(simulator, HttpMethod.Post, "devices", body), mentions);
        Assert.Single(simulator.Fleet.Devices);
    }

    [Fact]
    public async Task AddDevice_OtherContentTypes_HugeBodies_AndExistingSerials_AreRefused()
    {
        await using var simulator = await StartAsync(devices: 1);
        AssertError(HttpStatusCode.UnsupportedMediaType, await SendAsync(simulator, HttpMethod.Post, "devices", "serial=VNS1", "application/x-www-form-urlencoded"), "application/json");
        AssertError(HttpStatusCode.RequestEntityTooLarge, await SendAsync(simulator, HttpMethod.Post, "devices", $$"""{"serial":"VNS52508000100","model":"{{new string('x', 100_000)}}"}"""), "larger");
        AssertError(HttpStatusCode.Conflict, await SendAsync(simulator, HttpMethod.Post, "devices", $$"""{"serial":"{{First}}"}"""), First);
        Assert.Single(simulator.Fleet.Devices);
    }

    [Theory]
    [InlineData("PUT", "devices/{0}/mains", """{"connected":"no"}""", HttpStatusCode.BadRequest, "connected")]
    [InlineData("PUT", "devices/{0}/mains", """{}""", HttpStatusCode.BadRequest, "connected")]
    [InlineData("PUT", "devices/{0}/battery", """{"percent":-1}""", HttpStatusCode.BadRequest, "percent")]
    [InlineData("PUT", "devices/{0}/battery", """{"percent":1e400}""", HttpStatusCode.BadRequest, "percent")]
    [InlineData("PUT", "devices/{0}/signal", """{"bars":6}""", HttpStatusCode.BadRequest, "bars")]
    [InlineData("PUT", "devices/{0}/signal", """{"bars":3,"loss":2}""", HttpStatusCode.BadRequest, "loss")]
    [InlineData("PUT", "devices/{0}/signal", """{"bars":3,"latencyMs":-5}""", HttpStatusCode.BadRequest, "latencyMs")]
    [InlineData("POST", "devices/{0}/buttons/selfDestruct", null, HttpStatusCode.BadRequest, "selfDestruct")]
    [InlineData("POST", "devices/{0}/buttons/pairing?action=press", null, HttpStatusCode.BadRequest, "press")]
    [InlineData("POST", "clock/advance", """{"seconds":-1}""", HttpStatusCode.BadRequest, "seconds")]
    [InlineData("POST", "clock/advance", """{"seconds":"60"}""", HttpStatusCode.BadRequest, "seconds")]
    [InlineData("GET", "devices/{0}/announcements/999.wav", null, HttpStatusCode.NotFound, "999")]
    [InlineData("GET", "devices/NOSUCH1/announcements", null, HttpStatusCode.NotFound, "NOSUCH1")]
    [InlineData("PUT", "devices/NOSUCH1/mains", """{"connected":true}""", HttpStatusCode.NotFound, "NOSUCH1")]
    [InlineData("POST", "devices/NOSUCH1/buttons/power", null, HttpStatusCode.NotFound, "NOSUCH1")]
    [InlineData("GET", "nothing/here", null, HttpStatusCode.NotFound, "/control/v1/nothing/here")]
    [InlineData("PATCH", "devices", "{}", HttpStatusCode.MethodNotAllowed, "PATCH")]
    public async Task BadRequests_GetTheEnvelope_WithTheRightStatus_AndChangeNothing(string method, string path, string? body, HttpStatusCode expected, string mentions)
    {
        await using var simulator = await StartAsync(devices: 1);
        var before = (await ControlDeviceAsync(simulator, First)).GetRawText();
        var now = simulator.Time.GetUtcNow();

        AssertError(expected, await SendAsync(simulator, new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, path, First), body), mentions);

        Assert.Equal(before, (await ControlDeviceAsync(simulator, First)).GetRawText());
        Assert.Equal(now, simulator.Time.GetUtcNow());
    }

    [Fact]
    public async Task Clock_IsReadAndAdvanced_OnlyWhenVirtual()
    {
        await using (var simulator = await StartAsync(devices: 1))
        {
            var (_, before) = await SendAsync(simulator, HttpMethod.Get, "clock");
            Assert.Equal("virtual", before.GetProperty("mode").GetString());
            var (status, after) = await SendAsync(simulator, HttpMethod.Post, "clock/advance", """{"seconds":3600}""");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(TimeSpan.FromHours(1), after.GetProperty("now").GetDateTimeOffset() - before.GetProperty("now").GetDateTimeOffset());
        }

        await using (var simulator = await StartAsync(devices: 1, virtualClock: false))
        {
            Assert.Equal("system", (await SendAsync(simulator, HttpMethod.Get, "clock")).Body.GetProperty("mode").GetString());
            AssertError(HttpStatusCode.Conflict, await SendAsync(simulator, HttpMethod.Post, "clock/advance", """{"seconds":60}"""), "--clock virtual");
        }
    }

    [Fact]
    public async Task Mains_Battery_Signal_AreSetAndShown()
    {
        await using var simulator = await StartAsync(devices: 1);
        Assert.False((await SendAsync(simulator, HttpMethod.Put, $"devices/{First}/mains", """{"connected":false}""")).Body.GetProperty("mains").GetBoolean());
        Assert.Equal(42, (await SendAsync(simulator, HttpMethod.Put, $"devices/{First}/battery", """{"percent":42}""")).Body.GetProperty("battery").GetDouble(), 0.5);
        Assert.Equal(2, (await SendAsync(simulator, HttpMethod.Put, $"devices/{First}/signal", """{"bars":2,"latencyMs":100,"loss":0.1}""")).Body.GetProperty("signal").GetInt32());
    }
}
