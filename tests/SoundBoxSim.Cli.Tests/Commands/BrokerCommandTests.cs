using System.Text;
using System.Text.RegularExpressions;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Cli.Tests.Commands;

public sealed partial class BrokerCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Broker_PortZero_ServesMosquittoClientsUntilCancelled()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var output = new LineWriter();
        using var error = new StringWriter();
        var running = SbsimCli.RunAsync(["broker", "--port", "0"], output, error, stop.Token);

        var listening = await output.WaitForLineAsync("listening on", Token);
        var port = int.Parse(PortPattern().Match(listening).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using var subscriber = await MosquittoClients.StartSubscriberAsync("127.0.0.1", port, "devices/+/status", 1, cancellationToken: Token);
        await MosquittoClients.PublishAsync("127.0.0.1", port, "devices/VNS52508000001/status", "online", cancellationToken: Token);
        var received = await subscriber.WaitAsync(Token);
        await stop.CancelAsync();

        Assert.Equal(0, await running);
        Assert.Equal(("devices/VNS52508000001/status", "online"), (received[0].Topic, received[0].Text));
        Assert.Contains("stopped", await output.WaitForLineAsync("stopped", Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_OurClientRoundTrip_QoS1()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var output = new LineWriter();
        var running = SbsimCli.RunAsync(["broker", "--port", "0"], output, TextWriter.Null, stop.Token);
        var port = int.Parse(PortPattern().Match(await output.WaitForLineAsync("listening on", Token)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        await using var client = new MqttClient(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("VNS52508000001").Build());
        var received = new TaskCompletionSource<string>();
        client.MessageReceived = (message, _) => { received.TrySetResult(Encoding.UTF8.GetString(message.Payload.Span)); return ValueTask.CompletedTask; };
        await client.ConnectAsync(Token);
        await client.SubscribeAsync("devices/VNS52508000001/commands", QualityOfService.AtLeastOnce, Token);
        await client.PublishAsync("devices/VNS52508000001/commands", "150000"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: Token);

        Assert.Equal("150000", await received.Task.WaitAsync(Token));
        await client.DisconnectAsync(Token);
        await stop.CancelAsync();
        Assert.Equal(0, await running);
    }

    [Theory]
    [InlineData("--bind", "localhost-ish", "not an IP address")]
    [InlineData("--port", "70000", "not a TCP port")]
    [InlineData("--max-queued", "0", "MaxQueuedMessagesPerSession")]
    public async Task Broker_BadOption_ExitsWithReason(string option, string value, string reason)
    {
        using var error = new StringWriter();

        var code = await SbsimCli.RunAsync(["broker", option, value], TextWriter.Null, error, Token);

        Assert.Equal(SbsimCli.BadInput, code);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@":(\d+);")]
    private static partial Regex PortPattern();
}
