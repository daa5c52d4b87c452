using System.Text.Json;
using SoundBoxSim.Device;

namespace SoundBoxSim.Host.Tests;

/// <summary>The whole flow over real HTTP and real MQTT, on a virtual clock: token, check, pairing by the OTP the device spoke, notify, check_notify.</summary>
public sealed class SpeakerApiEndToEndTests
{
    private const string Serial = "VNS52508000001";

    private static Task<Simulator> StartAsync(int devices = 1) => Simulator.StartAsync(new SimulatorOptions
    {
        Devices = devices,
        HttpPort = 0,
        SePayPort = 0,
        MqttPort = 0,
        VirtualClock = true,
    }, TestContext.Current.CancellationToken);

    private static async Task<JsonElement> CheckNotifyAsync(PartnerClient partner, string requestId)
    {
        var (status, body) = await partner.PostAsync("speaker/transactions/check_notify", new { requestId });
        Assert.Equal(200, status);
        return body.GetProperty("data");
    }

    [Fact]
    public async Task PairAndNotify_TheDeviceSaysTheAmount_AndCheckNotifyBecomesSuccess()
    {
        await using var simulator = await StartAsync();
        using var partner = new PartnerClient(simulator);
        var token = await partner.TokenAsync();
        Assert.Equal("—", token.GetProperty("data").GetString());
        Assert.Equal(6000, token.GetProperty("ttl").GetInt32());

        var (checkStatus, check) = await partner.PostAsync("speaker/pair/check", new { hardwareId = Serial });
        Assert.Equal(200, checkStatus);
        Assert.Equal("""{"hardwareId":"VNS52508000001","model":"S5 Plus","isPaired":false,"online":true}""", check.GetProperty("data").GetRawText());

        var otp = await partner.PairAsync(Serial);
        Assert.Matches("^[0-9]{4}$", otp);

        var (notifyStatus, notify) = await partner.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 150000, requestId = "TXN202510130001" });
        Assert.Equal(200, notifyStatus);
        Assert.Equal("SENT", notify.GetProperty("data").GetProperty("status").GetString());
        await simulator.AdvanceUntilAsync( async () => (await CheckNotifyAsync(partner, "TXN202510130001")).GetProperty("status").GetString() == "SUCCESS", "SUCCESS");

        var data = await CheckNotifyAsync(partner, "TXN202510130001");
        Assert.Equal("150000", data.GetProperty("amount").GetString());
        Assert.Equal("0", data.GetProperty("retriesCount").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("lastRetryTime").ValueKind);
        var said = (await partner.ControlGetAsync($"devices/{Serial}/announcements")).EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "amount");
        Assert.EndsWith("một trăm năm mươi nghìn đồng.", said.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("TXN202510130001", said.GetProperty("requestId").GetString());
        var wav = await partner.GetBytesAsync(said.GetProperty("wavUrl").GetString()!);
        Assert.Equal("RIFF"u8.ToArray(), wav[..4]);
        Assert.Equal("WAVE"u8.ToArray(), wav[8..12]);
    }

    [Fact]
    public async Task NotifyWhileOffline_IsPendingWithRetries_ThenSuccessWhenTheDeviceReturns()
    {
        await using var simulator = await StartAsync();
        using var partner = new PartnerClient(simulator);
        await partner.TokenAsync();
        await partner.PairAsync(Serial);
        var device = simulator.Fleet.Find(Serial)!;
        device.SetSignal(0);
        await simulator.AdvanceUntilAsync( async () => !(await partner.ControlGetAsync($"devices/{Serial}")).GetProperty("online").GetBoolean(), "offline");

        var (status, _) = await partner.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 20000, requestId = "OFF-1" });
        Assert.Equal(200, status);
        await simulator.AdvanceUntilAsync( async () => (await CheckNotifyAsync(partner, "OFF-1")).GetProperty("retriesCount").GetString() == "2", "two retries", stepSeconds: 10);
        var pending = await CheckNotifyAsync(partner, "OFF-1");
        Assert.Equal("PENDING", pending.GetProperty("status").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", pending.GetProperty("lastRetryTime").GetString()!);

        device.SetSignal(4);
        await simulator.AdvanceUntilAsync( async () => (await CheckNotifyAsync(partner, "OFF-1")).GetProperty("status").GetString() == "SUCCESS", "SUCCESS after return");
        Assert.Single((await partner.ControlGetAsync($"devices/{Serial}/announcements")).EnumerateArray(), a => a.GetProperty("kind").GetString() == "amount");
    }

    [Fact]
    public async Task NotifyToADeviceThatNeverReturns_FailsAfterTheRetryBudget()
    {
        await using var simulator = await StartAsync();
        using var partner = new PartnerClient(simulator);
        await partner.TokenAsync();
        await partner.PairAsync(Serial);
        simulator.Fleet.Find(Serial)!.SetSignal(0);
        await simulator.AdvanceUntilAsync( async () => !(await partner.ControlGetAsync($"devices/{Serial}")).GetProperty("online").GetBoolean(), "offline");

        await partner.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 30000, requestId = "LOST-1" });
        await simulator.AdvanceUntilAsync( async () => (await CheckNotifyAsync(partner, "LOST-1")).GetProperty("status").GetString() == "FAILED", "FAILED", stepSeconds: 30);

        var failed = await CheckNotifyAsync(partner, "LOST-1");
        Assert.Equal("5", failed.GetProperty("retriesCount").GetString());
        Assert.StartsWith("Gửi thông báo thất bại", failed.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateRequestId_AnswersTheSame_AndTheDeviceSpeaksOnce_DifferentContentIsRefused()
    {
        await using var simulator = await StartAsync();
        using var partner = new PartnerClient(simulator);
        await partner.TokenAsync();
        await partner.PairAsync(Serial);

        var first = await partner.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 50000, requestId = "DUP-1" });
        var again = await partner.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 50000, requestId = "DUP-1" });
        var other = await partner.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 60000, requestId = "DUP-1" });
        await simulator.AdvanceUntilAsync( async () => (await CheckNotifyAsync(partner, "DUP-1")).GetProperty("status").GetString() == "SUCCESS", "SUCCESS");

        Assert.Equal(first.Body.GetRawText(), again.Body.GetRawText());
        Assert.Equal(409, other.Status);
        Assert.Single((await partner.ControlGetAsync($"devices/{Serial}/announcements")).EnumerateArray(), a => a.GetProperty("kind").GetString() == "amount");
    }

    [Fact]
    public async Task Partners_NeverSeeEachOthersDevices()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions
        {
            Devices = 1,
            HttpPort = 0,
        SePayPort = 0,
            MqttPort = 0,
            VirtualClock = true,
            SpeakerApi = new SpeakerApi.SpeakerApiOptions { Partners = [new("pos-a", "secret-a"), new("pos-b", "secret-b")] },
        }, TestContext.Current.CancellationToken);
        using var a = new PartnerClient(simulator, "pos-a", "secret-a");
        using var b = new PartnerClient(simulator, "pos-b", "secret-b");
        await a.TokenAsync();
        await b.TokenAsync();
        await a.PairAsync(Serial);

        Assert.Equal(403, (await b.PostAsync("speaker/pair/check", new { hardwareId = Serial })).Status);
        Assert.Equal(403, (await b.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 1000, requestId = "B-1" })).Status);
        await a.PostAsync("speaker/transactions/notify", new { hardwareId = Serial, amount = 1000, requestId = "A-1" });
        Assert.Equal(404, (await b.PostAsync("speaker/transactions/check_notify", new { requestId = "A-1" })).Status);
    }
}
