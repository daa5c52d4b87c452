using System.Net;
using System.Text;
using System.Text.Json;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.Host.Tests.Bridge;

/// <summary>sbsim up --bridge: a transfer into the first account makes the first speaker, paired, say the amount; once.</summary>
public sealed class ReferencePartnerTests
{
    private const string Serial = "VNS52508000001";

    private static Task<Simulator> StartAsync() => Simulator.StartAsync(new SimulatorOptions
    {
        Devices = 2,
        HttpPort = 0,
        SePayPort = 0,
        MqttPort = 0,
        VirtualClock = true,
        Bridge = true,
    }, TestContext.Current.CancellationToken);

    private static async Task<JsonElement[]> AmountsSaidAsync(PartnerClient partner, string serial) =>
        [.. (await partner.ControlGetAsync($"devices/{serial}/announcements")).EnumerateArray()
            .Where(a => a.GetProperty("kind").GetString() == "amount" && a.TryGetProperty("startedAt", out _))];

    [Fact]
    public async Task ATransfer_MakesThePairedSpeakerSayIt_AndAReplayDoesNotRepeatIt()
    {
        await using var simulator = await StartAsync();
        using var partner = new PartnerClient(simulator);
        await partner.TokenAsync();
        await partner.PairAsync(Serial);

        using var response = await partner.ControlSendAsync(HttpMethod.Post, "bank/transfers", new { amount = 150_000, content = "Thanh toan DH1709" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await simulator.AdvanceUntilAsync(async () => (await AmountsSaidAsync(partner, Serial)).Length == 1, "the amount said");

        var said = Assert.Single(await AmountsSaidAsync(partner, Serial));
        Assert.Equal(150_000, said.GetProperty("amount").GetInt64());
        Assert.EndsWith("một trăm năm mươi nghìn đồng.", said.GetProperty("text").GetString(), StringComparison.Ordinal);
        var delivery = Assert.Single(simulator.Deliveries.Deliveries);
        Assert.Equal(DeliveryState.Succeeded, delivery.State);

        // SePay delivering the same transaction again (a replay, as a retry would) must not make the speaker repeat it.
        var replayed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Deliveries.Changed += d => { if (d.ReplayOf is not null && d.State != DeliveryState.Pending) { replayed.TrySetResult(); } };
        simulator.Deliveries.Replay([delivery.Id]);
        await replayed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Single(await AmountsSaidAsync(partner, Serial));
        Assert.Equal(1, simulator.Bridge!.Handled);
    }

    [Fact]
    public async Task AForgedOrStaleSignature_IsRefused_AndNothingIsSaid()
    {
        await using var simulator = await StartAsync();
        using var http = new HttpClient();
        var body = """{"id":1,"gateway":"Vietcombank","transactionDate":"2026-01-01 07:00:00","accountNumber":"0071000888888","code":null,"content":"x","transferType":"in","transferAmount":150000,"accumulated":0,"subAccount":null,"referenceCode":null,"description":null}""";
        var now = simulator.Time.GetUtcNow().ToUnixTimeSeconds();

        async Task<HttpStatusCode> PostAsync(long timestamp, string signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, simulator.Bridge!.WebhookUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-SePay-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-SePay-Signature", signature);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(now, "sha256=" + new string('0', 64)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(now - 600, "sha256=" + new string('0', 64)));
        Assert.Equal(0, simulator.Bridge!.Handled);
    }
}
