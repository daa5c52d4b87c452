using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerTests
{
    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new MqttBrokerOptions
        {
            Port = 70_000,
            MaximumPacketSize = 1,
            ConnectTimeout = TimeSpan.Zero,
            MaxQueuedMessagesPerSession = 0,
            MaxInflightMessagesPerSession = 0,
            KeepAliveFactor = 0.5,
        };

        var exception = Assert.Throws<ArgumentException>(() => new MqttBroker(options));

        Assert.Equal(
            """
            The broker options are invalid:
            - Port is 70000; it must be 0 to 65535.
            - MaximumPacketSize is 1; it must be 2 to 268435460.
            - ConnectTimeout is 00:00:00; it must be positive.
            - MaxQueuedMessagesPerSession is 0; it must be at least 1.
            - MaxInflightMessagesPerSession is 0; it must be 1 to 65000.
            - KeepAliveFactor is 0.5; it must be a finite number of at least 1. (Parameter 'options')
            """,
            exception.Message);
    }

    [Fact]
    public void Options_Defaults_AreTheDocumentedOnes()
    {
        var options = new MqttBrokerOptions();

        Assert.Equal("127.0.0.1", options.Bind.ToString());
        Assert.Equal(1883, options.Port);
        Assert.Equal(1 << 20, options.MaximumPacketSize);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
        Assert.Equal(1_000, options.MaxQueuedMessagesPerSession);
        Assert.Equal(20, options.MaxInflightMessagesPerSession);
        Assert.Equal(1.5, options.KeepAliveFactor);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.Authenticate);
        Assert.Null(options.Authorize);
        Assert.Null(options.Log);
    }

    [Fact]
    public async Task ConnectInMemory_ReturnsAServedClientEnd()
    {
        await using var harness = new BrokerHarness();
        await using var client = new RawClient(harness.Broker.ConnectInMemory(), harness.Token);

        await client.ConnectAcceptedAsync("SB-1");
        await client.SubscribeAsync("t");
        harness.Broker.Publish(new PublishPacket("t", "x"u8.ToArray()));

        Assert.Equal("t", (await client.ExpectAsync<PublishPacket>()).Topic);
    }

    [Fact]
    public async Task AcceptAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var broker = new MqttBroker();
        await broker.DisposeAsync();
        var (client, server) = MemoryTransport.CreatePair();

        Assert.Throws<ObjectDisposedException>(() => { _ = broker.AcceptAsync(server, TestContext.Current.CancellationToken); }); // synchronously, before the transport is taken
        Assert.Throws<ObjectDisposedException>(() => broker.ConnectInMemory());
        await broker.DisposeAsync(); // twice is fine
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task AcceptAsync_Cancelled_ClosesWithoutWill()
    {
        await using var harness = new BrokerHarness();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("will");
        using var cancel = new CancellationTokenSource();
        var (clientEnd, server) = MemoryTransport.CreatePair();
        var served = harness.Broker.AcceptAsync(server, cancel.Token);
        await using var client = new RawClient(clientEnd, harness.Token, served);
        await client.ConnectAcceptedAsync("SB-1", will: new WillMessage("will", "x"u8.ToArray()));

        await cancel.CancelAsync();

        await client.ExpectClosedAsync();
        await served;
        await watcher.PingAsync();
        Assert.Equal(0, harness.Broker.Metrics.WillsPublished);
    }

    [Fact]
    public async Task Metrics_ToString_OneLineWithTheMainFigures()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-1");

        var text = harness.Broker.Metrics.ToString();

        Assert.StartsWith("connections 1 (total 1), clients 1, sessions 1, in 0 msgs", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public async Task Log_ClientIdWithLineBreaks_StillOneLinePerEvent()
    {
        await using var harness = new BrokerHarness();
        var client = harness.Open();
        await client.ConnectAcceptedAsync("evil\nERROR forged line\r\u2028");

        await client.DisposeAsync();
        await client.Served;

        Assert.Equal(2, harness.Lines().Count);
        Assert.All(harness.Lines(), line => Assert.DoesNotContain(line, c => c is '\n' or '\r' or '\u2028'));
        Assert.Contains(harness.Lines(), line => line.Contains("client 'evil\\u000AERROR forged line\\u000D\\u2028'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_AfterDispose_ThrowsObjectDisposed()
    {
        var broker = new MqttBroker();
        await broker.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => broker.Publish(new PublishPacket("t", "x"u8.ToArray())));
    }

    [Fact]
    public async Task Log_SinkThrows_BrokerCarriesOn()
    {
        await using var broker = new MqttBroker(new MqttBrokerOptions { Log = (_, _) => throw new InvalidOperationException("log down") });
        await using var client = new RawClient(broker.ConnectInMemory(), TestContext.Current.CancellationToken);

        await client.ConnectAcceptedAsync("SB-1");
        await client.PingAsync();
    }
}
