using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Testing.Tests.Mosquitto;

public sealed class MosquittoClientsTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private MosquittoBroker? _broker;

    private CancellationToken Ct => _timeout.Token;

    private MosquittoBroker Broker => _broker!;

    public async ValueTask InitializeAsync()
    {
        _timeout.CancelAfter(TimeSpan.FromSeconds(60));
        _broker = await MosquittoBroker.StartAsync(cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task PublishThenSubscriber_RoundTrip_DeliversTopicPayloadAndQos()
    {
        await using var sub = await MosquittoClients.StartSubscriberAsync(Broker.Host, Broker.Port, "sepay/+/notify", 2,
            new MosquittoSubscribeOptions { Qos = 1 }, Ct);

        await MosquittoClients.PublishAsync(Broker.Host, Broker.Port, "sepay/box 1/notify", "Đã nhận 10.000 đồng", new MosquittoPublishOptions { Qos = 1 }, Ct);
        await MosquittoClients.PublishAsync(Broker.Host, Broker.Port, "sepay/box2/notify", "", cancellationToken: Ct);

        var messages = await sub.WaitAsync(Ct);
        Assert.Equal(1, sub.GrantedQos);
        Assert.Equal(
            [new("sepay/box 1/notify", "Đã nhận 10.000 đồng", 1, false), new("sepay/box2/notify", "", 0, false)],
            messages.Select(m => (m.Topic, m.Text, m.Qos, m.Retained)));
    }

    [Fact]
    public async Task RetainedMessage_LateSubscriber_ReceivesItMarkedRetained()
    {
        await MosquittoClients.PublishAsync(Broker.Host, Broker.Port, "box/status", "online", new MosquittoPublishOptions { Retain = true, Qos = 1 }, Ct);

        var messages = await MosquittoClients.SubscribeAsync(Broker.Host, Broker.Port, "box/#", 1, cancellationToken: Ct);

        var message = Assert.Single(messages);
        Assert.Equal(("box/status", "online", true), (message.Topic, message.Text, message.Retained));
    }

    [Fact]
    public async Task SkipRetained_LateSubscriber_SeesOnlyNewMessages()
    {
        await MosquittoClients.PublishAsync(Broker.Host, Broker.Port, "box/status", "stale", new MosquittoPublishOptions { Retain = true }, Ct);
        await using var sub = await MosquittoClients.StartSubscriberAsync(Broker.Host, Broker.Port, "box/status", 1,
            new MosquittoSubscribeOptions { SkipRetained = true }, Ct);

        await MosquittoClients.PublishAsync(Broker.Host, Broker.Port, "box/status", "fresh", cancellationToken: Ct);

        Assert.Equal("fresh", Assert.Single(await sub.WaitAsync(Ct)).Text);
    }

    [Fact]
    public async Task Will_ClientKilled_BrokerPublishesIt()
    {
        await using var watcher = await MosquittoClients.StartSubscriberAsync(Broker.Host, Broker.Port, "box/+/will", 1, cancellationToken: Ct);
        var device = await MosquittoClients.StartSubscriberAsync(Broker.Host, Broker.Port, "box/7/cmd", 1,
            new MosquittoSubscribeOptions { ClientId = "box-7", Will = new MosquittoWill("box/7/will", "offline", Qos: 1) }, Ct);

        await device.DisposeAsync();

        var will = Assert.Single(await watcher.WaitAsync(Ct));
        Assert.Equal(("box/7/will", "offline"), (will.Topic, will.Text));
    }

    [Fact]
    public async Task PersistentSession_MessageWhileAway_DeliveredOnReturn()
    {
        var options = new MosquittoSubscribeOptions { ClientId = "box-9", CleanSession = false, Qos = 1 };
        await (await MosquittoClients.StartSubscriberAsync(Broker.Host, Broker.Port, "box/9/cmd", 1, options, Ct)).DisposeAsync();
        await Broker.Log.WaitForAsync("box-9 closed its connection", cancellationToken: Ct);

        await MosquittoClients.PublishAsync(Broker.Host, Broker.Port, "box/9/cmd", "ring", new MosquittoPublishOptions { Qos = 1 }, Ct);
        var messages = await MosquittoClients.SubscribeAsync(Broker.Host, Broker.Port, "box/9/cmd", 1, options, Ct);

        Assert.Equal("ring", Assert.Single(messages).Text);
    }

    [Fact]
    public async Task StartSubscriberAsync_NoBroker_FailsWithOutput()
    {
        var port = Broker.Port;
        await Broker.KillAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MosquittoClients.StartSubscriberAsync("127.0.0.1", port, "t", 1, cancellationToken: Ct));

        Assert.Contains("before subscribing", error.Message, StringComparison.Ordinal);
    }
}
