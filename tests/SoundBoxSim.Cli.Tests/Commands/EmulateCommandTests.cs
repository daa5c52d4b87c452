using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Cli.Tests.Commands;

public sealed class EmulateCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Emulate_AgainstMosquitto_BringsEveryDeviceOnline_WithRetainedStatuses()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync(cancellationToken: Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var output = new LineWriter();
        var running = SbsimCli.RunAsync(
            ["emulate", "--broker", $"mqtt://127.0.0.1:{mosquitto.Port}", "--devices", "3", "--serial-start", "VNS52599000001"],
            output, TextWriter.Null, stop.Token);

        await output.WaitForLineAsync("all 3 devices online", Token);
        await using var subscriber = await MosquittoClients.StartSubscriberAsync("127.0.0.1", mosquitto.Port, "soundbox/+/status", 3, cancellationToken: Token);
        var statuses = await subscriber.WaitAsync(Token);
        await stop.CancelAsync();

        Assert.Equal(0, await running);
        Assert.Equal(
            ["soundbox/VNS52599000001/status", "soundbox/VNS52599000002/status", "soundbox/VNS52599000003/status"],
            statuses.Select(s => s.Topic).Order(StringComparer.Ordinal));
        Assert.All(statuses, s => Assert.Contains("\"online\":true", s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Emulate_EmbeddedBroker_RunsTheFleetOverMemory()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var output = new LineWriter();
        var running = SbsimCli.RunAsync(["emulate", "--broker", "embedded", "--devices", "20"], output, TextWriter.Null, stop.Token);

        await output.WaitForLineAsync("all 20 devices online", Token);
        await stop.CancelAsync();

        Assert.Equal(0, await running);
    }

    [Theory]
    [InlineData("--broker", "http://127.0.0.1:1883", "mqtt://HOST:PORT")]
    [InlineData("--devices", "0", "from 1 to 100,000")]
    [InlineData("--serial-start", "12345", "VNS52508000001")]
    [InlineData("--region", "west", "north or south")]
    [InlineData("--speech-scale", "-1", "SpeechTimeScale")]
    public async Task Emulate_BadOption_ExitsWithReason(string option, string value, string reason)
    {
        var run = await CliRun.RunAsync("emulate", option, value);

        Assert.Equal(SbsimCli.BadInput, run.ExitCode);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }
}
