using System.Net.Sockets;
using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Testing.Tests.Mosquitto;

public sealed class MosquittoBrokerTests : IDisposable
{
    // Generous: a shared 2-core machine may be busy building; nothing here waits for the full time.
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    public MosquittoBrokerTests() => _timeout.CancelAfter(TimeSpan.FromSeconds(60));

    private CancellationToken Ct => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task StartAsync_Default_AcceptsTcpOnLoopback()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: Ct);

        using var client = new TcpClient();
        await client.ConnectAsync(broker.Host, broker.Port, Ct);

        Assert.True(broker.IsRunning);
        Assert.Equal("127.0.0.1", broker.Host);
        Assert.Contains(broker.Log.Lines, l => l.EndsWith(" running", StringComparison.Ordinal));
        Assert.Contains($"listener {broker.Port} 127.0.0.1", await File.ReadAllTextAsync(broker.ConfigPath, Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TwoBrokers_GetDifferentPorts()
    {
        await using var first = await MosquittoBroker.StartAsync(cancellationToken: Ct);
        await using var second = await MosquittoBroker.StartAsync(cancellationToken: Ct);

        Assert.NotEqual(first.Port, second.Port);
    }

    [Fact]
    public async Task StartAsync_BadConfig_FailsWithTheLog()
    {
        var options = new MosquittoBrokerOptions { ExtraConfig = ["no_such_option 1"] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => MosquittoBroker.StartAsync(options, Ct));

        Assert.Contains("no_such_option", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillAsync_RunningBroker_StopsAcceptingConnections()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: Ct);

        await broker.KillAsync();

        Assert.False(broker.IsRunning);
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(broker.Host, broker.Port, Ct));
    }

    [Fact]
    public async Task RestartAsync_AfterKill_ServesOnTheSamePort()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: Ct);
        var port = broker.Port;
        await broker.KillAsync();

        await broker.RestartAsync(Ct);

        Assert.Equal(port, broker.Port);
        await using var sub = await MosquittoClients.StartSubscriberAsync(broker.Host, broker.Port, "after/restart", 1, cancellationToken: Ct);
        await MosquittoClients.PublishAsync(broker.Host, broker.Port, "after/restart", "back", cancellationToken: Ct);
        Assert.Equal("back", Assert.Single(await sub.WaitAsync(Ct)).Text);
    }

    [Fact]
    public async Task RestartAsync_Running_StopsCleanlyAndForgetsRetained()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: Ct);
        await MosquittoClients.PublishAsync(broker.Host, broker.Port, "kept", "old", new MosquittoPublishOptions { Retain = true }, Ct);

        await broker.RestartAsync(Ct);

        Assert.Contains(broker.Log.Lines, l => l.EndsWith(" terminating", StringComparison.Ordinal));
        // Persistence is off: a fresh retained message is the only one a new subscriber sees.
        await MosquittoClients.PublishAsync(broker.Host, broker.Port, "kept", "new", new MosquittoPublishOptions { Retain = true }, Ct);
        var messages = await MosquittoClients.SubscribeAsync(broker.Host, broker.Port, "kept", 1, cancellationToken: Ct);
        Assert.Equal("new", Assert.Single(messages).Text);
    }

    [Fact]
    public async Task Users_AnonymousClient_IsRefusedAndUserIsAccepted()
    {
        var options = new MosquittoBrokerOptions { AllowAnonymous = false, Users = new Dictionary<string, string> { ["speaker"] = "s3cret" } };
        await using var broker = await MosquittoBroker.StartAsync(options, Ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MosquittoClients.PublishAsync(broker.Host, broker.Port, "t", "x", cancellationToken: Ct));
        await MosquittoClients.PublishAsync(broker.Host, broker.Port, "t", "x", new MosquittoPublishOptions { Username = "speaker", Password = "s3cret" }, Ct);

        Assert.Contains("not authorised", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Log_WaitForAsync_SeesClientConnect()
    {
        await using var broker = await MosquittoBroker.StartAsync(cancellationToken: Ct);
        var from = broker.Log.Count;

        await MosquittoClients.PublishAsync(broker.Host, broker.Port, "t", "x", new MosquittoPublishOptions { ClientId = "speaker-42" }, Ct);

        var line = await broker.Log.WaitForAsync("as speaker-42", from, Ct);
        Assert.Contains("New client connected", line, StringComparison.Ordinal);
    }
}
