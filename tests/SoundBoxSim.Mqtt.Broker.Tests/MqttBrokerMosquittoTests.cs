using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Mqtt.Broker.Tests;

/// <summary>
/// Interop with the reference implementation: Mosquitto's own clients against our broker, and the same hostile bytes
/// sent to Mosquitto and to ours, answered alike.
/// </summary>
public sealed class MqttBrokerMosquittoTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task MosquittoClients_PublishAndSubscribe_DeliveredAtTheQoS(int qos)
    {
        await using var harness = await StartedAsync();
        var (host, port) = Address(harness);
        var ct = harness.Token;

        await using var subscription = await MosquittoClients.StartSubscriberAsync(host, port, "devices/+/notify", 1, new MosquittoSubscribeOptions { Qos = 2 }, ct);
        await MosquittoClients.PublishAsync(host, port, "devices/SB-1/notify", "1005000", new MosquittoPublishOptions { Qos = qos }, ct);
        var messages = await subscription.WaitAsync(ct);

        Assert.Equal(2, subscription.GrantedQos);
        var message = Assert.Single(messages);
        Assert.Equal(("devices/SB-1/notify", "1005000", qos, false), (message.Topic, message.Text, message.Qos, message.Retained));
    }

    [Fact]
    public async Task MosquittoClients_Retained_DeliveredWithRetainFlag()
    {
        await using var harness = await StartedAsync();
        var (host, port) = Address(harness);
        var ct = harness.Token;

        await MosquittoClients.PublishAsync(host, port, "devices/SB-1/status", "online", new MosquittoPublishOptions { Qos = 1, Retain = true }, ct);
        var messages = await MosquittoClients.SubscribeAsync(host, port, "devices/#", 1, new MosquittoSubscribeOptions { Qos = 1 }, ct);

        var message = Assert.Single(messages);
        Assert.Equal(("online", 1, true), (message.Text, message.Qos, message.Retained));
    }

    [Fact]
    public async Task MosquittoSub_Killed_WillPublished()
    {
        await using var harness = await StartedAsync();
        var (host, port) = Address(harness);
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("devices/+/status");

        var device = await MosquittoClients.StartSubscriberAsync(host, port, "devices/SB-1/notify", 1,
            new MosquittoSubscribeOptions { ClientId = "SB-1", Will = new MosquittoWill("devices/SB-1/status", "offline") }, harness.Token);
        await device.DisposeAsync(); // SIGKILL: no DISCONNECT

        var will = await watcher.ExpectAsync<PublishPacket>();
        Assert.Equal("offline"u8.ToArray(), will.Payload.ToArray());
    }

    [Fact]
    public async Task MosquittoSub_PersistentSession_GetsWhatWasPublishedWhileAway()
    {
        await using var harness = await StartedAsync();
        var (host, port) = Address(harness);
        var ct = harness.Token;
        var options = new MosquittoSubscribeOptions { ClientId = "SB-1", CleanSession = false, Qos = 1 };
        await using (await MosquittoClients.StartSubscriberAsync(host, port, "devices/SB-1/#", 1, options, ct))
        {
            // subscribed; leaving the block kills it
        }

        await MosquittoClients.PublishAsync(host, port, "devices/SB-1/notify", "while away", new MosquittoPublishOptions { Qos = 1 }, ct);
        await using var back = await MosquittoClients.StartSubscriberAsync(host, port, "devices/SB-1/#", 1, options, ct);

        Assert.Equal("while away", Assert.Single(await back.WaitAsync(ct)).Text);
    }

    public static TheoryData<string, byte[][]> HostileCases => new()
    {
        { "PINGREQ before CONNECT", [[0xC0, 0x00]] },
        { "protocol level 6", [Frames.Connect(level: 6)] },
        { "CONNECT reserved flag", [Frames.Connect(flags: 0x03)] },
        { "CONNECT flags in the fixed header", [[0x11, .. Frames.Connect()[1..]]] },
        { "second CONNECT", [Frames.Connect(), Frames.Connect()] },
        { "topic not UTF-8", [Frames.Connect(), Frames.PublishWithTopicBytes(0xC3, 0x28)] },
        { "reserved packet type 15", [Frames.Connect(), [0xF0, 0x00]] },
        { "SUBSCRIBE flags 0000", [Frames.Connect(), [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x00]] },
        { "PUBLISH QoS 3", [Frames.Connect(), [0x36, 0x05, 0x00, 0x01, (byte)'a', 0x00, 0x01]] },
        { "filter with # not last", [Frames.Connect(), [0x82, 0x08, 0x00, 0x01, 0x00, 0x03, (byte)'#', (byte)'/', (byte)'a', 0x00]] },
    };

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task HostileBytes_SameAnswerAsMosquitto(string name, byte[][] frames)
    {
        await using var mosquitto = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var harness = await StartedAsync();

        var ours = await AnswerAsync(harness.Broker.LocalEndPoint!, frames, harness.Token);
        var theirs = await AnswerAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, mosquitto.Port), frames, harness.Token);

        Assert.True(Convert.ToHexString(theirs) == Convert.ToHexString(ours), $"{name}: Mosquitto answered [{Convert.ToHexString(theirs)}], we answered [{Convert.ToHexString(ours)}]");
    }

    [Fact]
    public async Task Takeover_OldConnectionsWill_PublishedAsMosquittoDoes()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var harness = await StartedAsync();

        var theirs = await TakeoverPublishesWillAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, mosquitto.Port), harness.Token);
        var ours = await TakeoverPublishesWillAsync(harness.Broker.LocalEndPoint!, harness.Token);

        Assert.True(ours);
        Assert.Equal(theirs, ours);
    }

    private static async Task<bool> TakeoverPublishesWillAsync(System.Net.IPEndPoint endPoint, CancellationToken token)
    {
        await using var watcher = await RawClient.OpenTcpAsync(endPoint, token);
        await watcher.ConnectAcceptedAsync("watcher");
        await watcher.SubscribeAsync("will/#");
        await using var first = await RawClient.OpenTcpAsync(endPoint, token);
        await first.ConnectAcceptedAsync("SB-1", will: new WillMessage("will/SB-1", "gone"u8.ToArray()));
        await using var second = await RawClient.OpenTcpAsync(endPoint, token);
        await second.ConnectAcceptedAsync("SB-1");
        await first.ReadToEndAsync(); // taken over and closed
        await second.PingAsync();
        return await watcher.ExpectAfterPingOrPublishAsync() is { Topic: "will/SB-1" };
    }

    /// <summary>Sends the frames and returns every byte the broker sends until it closes the connection.</summary>
    private static async Task<byte[]> AnswerAsync(System.Net.IPEndPoint endPoint, byte[][] frames, CancellationToken token)
    {
        await using var client = await RawClient.OpenTcpAsync(endPoint, token);
        foreach (var frame in frames)
        {
            await client.SendRawAsync(frame);
        }

        return await client.ReadToEndAsync();
    }

    private static (string Host, int Port) Address(BrokerHarness harness) => ("127.0.0.1", harness.Broker.LocalEndPoint!.Port);

    private static async Task<BrokerHarness> StartedAsync()
    {
        var harness = new BrokerHarness(options => options with { Port = 0 }, TimeSpan.FromSeconds(60));
        await harness.Broker.StartAsync(harness.Token);
        return harness;
    }
}
