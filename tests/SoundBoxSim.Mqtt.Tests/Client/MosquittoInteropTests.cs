using System.Text;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Tests.Client.Interop;
using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Mqtt.Tests.Client;

/// <summary>
/// Our <see cref="MqttClient"/> against the real Mosquitto broker, each case checked from the other side:
/// by mosquitto_pub/mosquitto_sub, or by Mosquitto's own log. Persistent sessions and broker restarts are in
/// <see cref="MosquittoSessionInteropTests"/>.
/// </summary>
public sealed class MosquittoInteropTests
{
    private const string SpeakerId = "VNS52508000001";

    // Binary on purpose: NUL, 0xFF and UTF-8 must come through byte for byte.
    private static readonly byte[] BinaryPayload = [0x00, 0xFF, 0x7F, 0x80, .. "Đã nhận 10.000 đồng"u8, 0x0A, 0x00];

    [Theory]
    [InlineData(QualityOfService.AtMostOnce)]
    [InlineData(QualityOfService.AtLeastOnce)]
    public async Task PublishAsync_ToMosquitto_MosquittoSubReceivesTopicPayloadAndQoS(QualityOfService qos)
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        await using var sub = await mqtt.StartSubscriberAsync("speakers/+/telemetry", 1, new MosquittoSubscribeOptions { Qos = 1 });
        var client = mqtt.CreateClient(SpeakerId);
        await mqtt.ConnectAsync(client);

        await mqtt.Within(client.PublishAsync($"speakers/{SpeakerId}/telemetry", BinaryPayload, qos, cancellationToken: mqtt.Ct), "our publish");

        var message = Assert.Single(await mqtt.MessagesAsync(sub));
        Assert.Equal(($"speakers/{SpeakerId}/telemetry", Convert.ToHexString(BinaryPayload), (int)qos, false),
            (message.Topic, Convert.ToHexString(message.Payload), message.Qos, message.Retained));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task MessageReceived_FromMosquittoPub_ExactPayloadAndQoSWithoutRetain(int qos)
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        var client = mqtt.CreateClient(SpeakerId);
        var inbox = new MessageInbox(client);
        await mqtt.ConnectAsync(client);
        var granted = await mqtt.Within(client.SubscribeAsync($"speakers/{SpeakerId}/notify", QualityOfService.AtLeastOnce, mqtt.Ct), "SUBACK");
        const string Text = "{\"amount\":1005000,\"say\":\"Đã nhận một triệu không trăm linh năm nghìn đồng\"}";

        await mqtt.PublishAsync($"speakers/{SpeakerId}/notify", Text, new MosquittoPublishOptions { Qos = qos });

        var message = Assert.Single(await mqtt.Within(inbox.WaitForAsync(1, mqtt.Ct), "our client to receive the message"));
        Assert.Equal(SubAckReturnCode.SuccessMaximumQoS1, granted);
        Assert.Equal(($"speakers/{SpeakerId}/notify", Convert.ToHexString(Encoding.UTF8.GetBytes(Text)), (QualityOfService)qos, false, false),
            (message.Topic, Convert.ToHexString(message.Payload.Span), message.QoS, message.Retain, message.Dup));
    }

    [Fact]
    public async Task PublishAsync_Retained_LaterMosquittoSubGetsItFlaggedRetained()
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        var client = mqtt.CreateClient(SpeakerId);
        await mqtt.ConnectAsync(client);

        // QoS 1: the PUBACK says Mosquitto has stored it before anyone subscribes.
        await mqtt.Within(client.PublishAsync($"speakers/{SpeakerId}/status", "online"u8.ToArray(), QualityOfService.AtLeastOnce, retain: true, mqtt.Ct), "PUBACK");
        await using var sub = await mqtt.StartSubscriberAsync("speakers/+/status", 1, new MosquittoSubscribeOptions { Qos = 1 });

        var message = Assert.Single(await mqtt.MessagesAsync(sub));
        Assert.Equal(($"speakers/{SpeakerId}/status", "online", 1, true), (message.Topic, message.Text, message.Qos, message.Retained));
    }

    [Fact]
    public async Task SubscribeAsync_AfterMosquittoPubRetained_ReceivesItWithRetainTrue()
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        await mqtt.PublishAsync($"speakers/{SpeakerId}/config", "{\"volume\":7,\"region\":\"south\"}", new MosquittoPublishOptions { Qos = 1, Retain = true });
        var client = mqtt.CreateClient(SpeakerId);
        var inbox = new MessageInbox(client);
        await mqtt.ConnectAsync(client);

        await mqtt.Within(client.SubscribeAsync($"speakers/{SpeakerId}/#", QualityOfService.AtLeastOnce, mqtt.Ct), "SUBACK");

        var message = Assert.Single(await mqtt.Within(inbox.WaitForAsync(1, mqtt.Ct), "the retained message"));
        Assert.Equal(($"speakers/{SpeakerId}/config", "{\"volume\":7,\"region\":\"south\"}", QualityOfService.AtLeastOnce, true),
            (message.Topic, Encoding.UTF8.GetString(message.Payload.Span), message.QoS, message.Retain));
    }

    [Fact]
    public async Task Will_ConnectionKilledWithoutDisconnect_MosquittoPublishesIt()
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        await using var watcher = await mqtt.StartSubscriberAsync("speakers/+/status", 1, new MosquittoSubscribeOptions { Qos = 1 });
        var connector = mqtt.Connector();
        var client = mqtt.CreateClient(SpeakerId,
            b => b.WithWill($"speakers/{SpeakerId}/status", "offline: power lost"u8.ToArray(), QualityOfService.AtLeastOnce), connector);
        await mqtt.ConnectAsync(client);
        var lost = MosquittoInterop.NextChange(client, connected: false);

        connector.KillCurrent();

        var will = Assert.Single(await mqtt.MessagesAsync(watcher));
        Assert.Equal(($"speakers/{SpeakerId}/status", "offline: power lost", 1, false), (will.Topic, will.Text, will.Qos, will.Retained));
        await mqtt.Within(lost, "our client to notice the dead connection");
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task DisconnectAsync_Graceful_MosquittoSendsNoWill()
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        // One message ends mosquitto_sub: a will would come before the marker, which is only sent after the disconnect.
        await using var watcher = await mqtt.StartSubscriberAsync($"speakers/{SpeakerId}/#", 1, new MosquittoSubscribeOptions { Qos = 1 });
        var client = mqtt.CreateClient(SpeakerId, b => b.WithWill($"speakers/{SpeakerId}/status", "offline"u8.ToArray(), QualityOfService.AtLeastOnce));
        await mqtt.ConnectAsync(client);
        var from = mqtt.Broker.Log.Count;

        await mqtt.Within(client.DisconnectAsync(mqtt.Ct), "our DisconnectAsync");
        await mqtt.LogLineAsync($"Client {SpeakerId} disconnected.", from);
        await mqtt.PublishAsync($"speakers/{SpeakerId}/marker", "after-disconnect");

        var only = Assert.Single(await mqtt.MessagesAsync(watcher));
        Assert.Equal(($"speakers/{SpeakerId}/marker", "after-disconnect"), (only.Topic, only.Text));
        Assert.Contains($"Received DISCONNECT from {SpeakerId}", mqtt.LogFrom(from));
    }

    [Fact]
    public async Task DisconnectAsync_RightAfterPubAck_CompletesEveryTime()
    {
        // Regression: Mosquitto closing the socket on our DISCONNECT made the read loop dispose the connection
        // while DisconnectAsync was still flushing; about one disconnect in ten threw ArgumentNullException.
        const int Rounds = 100;
        await using var mqtt = await MosquittoInterop.StartAsync();

        for (var round = 0; round < Rounds; round++)
        {
            var client = mqtt.CreateClient($"{SpeakerId}-{round}");
            await mqtt.ConnectAsync(client);
            await mqtt.Within(client.PublishAsync("speakers/status", "online"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: mqtt.Ct), "PUBACK");
            await mqtt.Within(client.DisconnectAsync(mqtt.Ct), $"DisconnectAsync in round {round}");
            Assert.False(client.IsConnected);
        }

        await mqtt.LogLineAsync($"Client {SpeakerId}-{Rounds - 1} disconnected.");
        Assert.Equal(Rounds, mqtt.LogFrom(0).Count(l => l.StartsWith($"Client {SpeakerId}-", StringComparison.Ordinal) && l.EndsWith(" disconnected.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ConnectAsync_RightPasswordFromPasswordFile_IsAcceptedAndMayPublish()
    {
        await using var mqtt = await MosquittoInterop.StartAsync(WithPartnerAccount());
        var client = mqtt.CreateClient(SpeakerId, b => b.WithCredentials("sepay-partner", "s3cret-4G"));
        var from = mqtt.Broker.Log.Count;

        var sessionPresent = await mqtt.ConnectAsync(client);
        await mqtt.Within(client.PublishAsync($"speakers/{SpeakerId}/status", "online"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: mqtt.Ct), "PUBACK");

        Assert.False(sessionPresent);
        Assert.True(client.IsConnected);
        Assert.Contains(mqtt.LogFrom(from), l => l.StartsWith("New client connected from 127.0.0.1:", StringComparison.Ordinal)
            && l.EndsWith($" as {SpeakerId} (p2, c1, k60, u'sepay-partner').", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sepay-partner", "wrong-password")]
    [InlineData("stranger", "s3cret-4G")]
    [InlineData(null, null)]
    public async Task ConnectAsync_WrongOrMissingCredentials_RefusedWithReturnCode(string? user, string? password)
    {
        await using var mqtt = await MosquittoInterop.StartAsync(WithPartnerAccount());
        var client = mqtt.CreateClient(SpeakerId, b => user is null ? b : b.WithCredentials(user, password));

        var error = await mqtt.Within(Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync(mqtt.Ct)), "CONNACK");

        Assert.Contains(error.ReturnCode, new ConnectReturnCode?[] { ConnectReturnCode.NotAuthorized, ConnectReturnCode.BadUserNameOrPassword });
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task KeepAlive_OneSecond_MosquittoAnswersEveryPingAndKeepsTheConnection()
    {
        // The real clock on purpose (interop, not timing): the waits are for Mosquitto's log lines, never for time.
        const int Pings = 3;
        await using var mqtt = await MosquittoInterop.StartAsync();
        var client = mqtt.CreateClient(SpeakerId, b => b.WithKeepAlive(TimeSpan.FromSeconds(1)));
        var lost = MosquittoInterop.NextChange(client, connected: false);
        var from = mqtt.Broker.Log.Count;
        await mqtt.ConnectAsync(client);

        for (var ping = 0; ping < Pings; ping++)
        {
            from = await mqtt.LogLineAsync($"Received PINGREQ from {SpeakerId}", from);
            from = await mqtt.LogLineAsync($"Sending PINGRESP to {SpeakerId}", from);
        }

        // Still the first connection, and it still carries traffic both ways.
        await mqtt.Within(client.PublishAsync($"speakers/{SpeakerId}/status", "alive"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: mqtt.Ct), "PUBACK after the pings");
        Assert.False(lost.IsCompleted, "Our client lost the connection during the pings.");
        Assert.Equal((true, 1L, 0L), (client.IsConnected, client.Metrics.ConnectionAttempts, client.Metrics.Reconnects));
        Assert.Single(mqtt.Broker.Log.Lines, l => l.Contains($" as {SpeakerId} (p2, c1, k1).", StringComparison.Ordinal));
        Assert.DoesNotContain(mqtt.Broker.Log.Lines, l => l.Contains($"Client {SpeakerId} has exceeded timeout", StringComparison.Ordinal));
    }

    private static MosquittoBrokerOptions WithPartnerAccount() => new()
    {
        AllowAnonymous = false,
        Users = new Dictionary<string, string> { ["sepay-partner"] = "s3cret-4G" },
    };
}
