using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using static SoundBoxSim.Cli.Tests.Up;

namespace SoundBoxSim.Cli.Tests.Commands;

public sealed class BankCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Transfer_OnARunningSimulator_RecordsIt_AndPrintsTheTransaction()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000301");
        await using var _ = up;

        var line = await CliRun.RunAsync("bank", "transfer", "--amount", "150000", "--content", "Thanh toan DH1709", "--control", endpoints.Control);
        var json = await CliRun.RunAsync("bank", "transfer", "--amount", "20000", "--account", "0123499999", "--out", "--json", "--control", endpoints.Control);

        Assert.Equal((0, ""), (line.ExitCode, line.Error));
        Assert.Contains("in 150,000 VND on Vietcombank 0071000888888, code DH1709", line.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        var printed = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(("out", 20_000, "0123499999"), (printed.GetProperty("transferType").GetString(), printed.GetProperty("transferAmount").GetInt64(), printed.GetProperty("accountNumber").GetString()));
        using var http = new HttpClient();
        var recorded = await http.GetFromJsonAsync<JsonElement>($"{endpoints.Control}/bank/transactions", Token);
        Assert.Equal([150_000L, 20_000L], recorded.EnumerateArray().Select(t => t.GetProperty("transferAmount").GetInt64()));
    }

    [Fact]
    public async Task Transfer_TheBankRefuses_ExitsWithTheReason()
    {
        var (up, endpoints) = await Running.StartAsync("--devices", "1", "--serial-start", "VNS52577000311");
        await using var _ = up;

        var run = await CliRun.RunAsync("bank", "transfer", "--amount", "999", "--control", endpoints.Control);

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.Contains("refused (400): amount", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transfer_WithNoSimulator_SaysHowToStartOne()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now

        var run = await CliRun.RunAsync("bank", "transfer", "--amount", "10000", "--control", $"http://127.0.0.1:{port}/control/v1");

        Assert.Equal(SbsimCli.Failed, run.ExitCode);
        Assert.Contains("./sbsim up", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--control", "ftp://x", "not an http(s) URL")]
    [InlineData("--amount", "lots", "lots")]
    public async Task Transfer_BadOption_ExitsWithOneLine(string option, string value, string reason)
    {
        var run = await CliRun.RunAsync(["bank", "transfer", .. option == "--amount" ? Array.Empty<string>() : ["--amount", "10000"], option, value]);

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }
}
