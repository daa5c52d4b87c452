using System.Text;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Tests.Client;

public sealed class MqttClientTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ScriptedBroker _broker = new();
    private readonly List<string> _log = [];
    private MqttClient? _client;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private MqttClient CreateSut(Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder>? configure = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTransport(_broker.ConnectAsync)
            .WithClientId("VNS52508000001")
            .WithKeepAlive(TimeSpan.FromSeconds(30))
            .WithReconnect(true, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1.0)
            .WithTimeProvider(_clock)
            .WithLogger((level, message) => { lock (_log) { _log.Add($"{level}: {message}"); } });
        _client = new MqttClient((configure ?? (b => b))(builder).Build());
        return _client;
    }

    private async Task<MqttConnection> ConnectAsync(MqttClient client, bool sessionPresent = false)
    {
        var connecting = client.ConnectAsync(Token);
        var (connection, _) = await _broker.AcceptAndAckAsync(sessionPresent);
        Assert.Equal(sessionPresent, await connecting);
        return connection;
    }

    /// <summary>The broker drops the connection; returns once the client noticed and its reconnect delay is armed.</summary>
    private async Task DropAsync(MqttClient client, MqttConnection server)
    {
        var lost = new TaskCompletionSource();
        client.ConnectionStateChanged += (_, e) => { if (!e.IsConnected) { lost.TrySetResult(); } };
        await server.DisposeAsync();
        await lost.Task.WaitAsync(Token);
        await _clock.WaitForPendingTimersAsync(1, Token);
    }

    [Fact]
    public async Task ConnectAsync_SendsConnectWithOptions()
    {
        var client = CreateSut(b => b.WithCleanSession(false).WithCredentials("partner", "secret")
            .WithWill("devices/VNS52508000001/status", "offline"u8.ToArray(), QualityOfService.AtLeastOnce, retain: true));

        var connecting = client.ConnectAsync(Token);
        var server = await _broker.AcceptAsync();
        var connect = await server.ExpectAsync<ConnectPacket>();
        await server.SendAsync(new ConnAckPacket(true, ConnectReturnCode.Accepted), Token);

        Assert.True(await connecting);
        Assert.True(client.IsConnected);
        Assert.Equal(("VNS52508000001", false, (ushort)30, "partner", "secret"),
            (connect.ClientId, connect.CleanSession, connect.KeepAliveSeconds, connect.UserName, Encoding.UTF8.GetString(connect.Password!.Value.Span)));
        Assert.Equal(new WillMessage("devices/VNS52508000001/status", "offline"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, Retain = true }, connect.Will);
    }

    [Fact]
    public async Task ConnectAsync_Refused_ThrowsWithReturnCode()
    {
        var client = CreateSut();

        var connecting = client.ConnectAsync(Token);
        var server = await _broker.AcceptAsync();
        await server.ExpectAsync<ConnectPacket>();
        await server.SendAsync(new ConnAckPacket(false, ConnectReturnCode.BadUserNameOrPassword), Token);

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Equal(ConnectReturnCode.BadUserNameOrPassword, error.ReturnCode);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task ConnectAsync_NoConnAck_TimesOutOnTheClock()
    {
        var client = CreateSut(b => b.WithConnectTimeout(TimeSpan.FromSeconds(10)));

        var connecting = client.ConnectAsync(Token);
        var server = await _broker.AcceptAsync();
        await server.ExpectAsync<ConnectPacket>();
        _clock.Advance(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<MqttConnectException>(() => connecting);
        Assert.Contains("10 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_QoS0_SendsOnce()
    {
        var client = CreateSut();
        var server = await ConnectAsync(client);

        await client.PublishAsync("devices/VNS52508000001/telemetry", "{\"battery\":80}"u8.ToArray(), cancellationToken: Token);

        var publish = await server.ExpectAsync<PublishPacket>();
        Assert.Equal(new PublishPacket("devices/VNS52508000001/telemetry", "{\"battery\":80}"u8.ToArray()), publish);
    }

    [Fact]
    public async Task PublishAsync_QoS0WhileDisconnected_Throws()
    {
        var client = CreateSut();

        await Assert.ThrowsAsync<MqttClientNotConnectedException>(() => client.PublishAsync("a/b", "x"u8.ToArray(), cancellationToken: Token));
    }

    [Fact]
    public async Task PublishAsync_QoS1_CompletesOnlyOnPubAck()
    {
        var client = CreateSut();
        var server = await ConnectAsync(client);

        var publishing = client.PublishAsync("a/b", "x"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: Token);
        var publish = await server.ExpectAsync<PublishPacket>();
        Assert.Equal((QualityOfService.AtLeastOnce, false), (publish.QoS, publish.Dup));
        Assert.NotEqual(0, publish.PacketId);
        Assert.False(publishing.IsCompleted);
        Assert.Equal(1, client.Metrics.Inflight);

        await server.SendAsync(new PubAckPacket(publish.PacketId), Token);

        await publishing;
        Assert.Equal(0, client.Metrics.Inflight);
    }

    [Fact]
    public async Task PublishAsync_ConnectionLostBeforePubAck_ResendsWithDupAfterBackoff()
    {
        var client = CreateSut();
        var first = await ConnectAsync(client);
        var publishing = client.PublishAsync("a/b", "x"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: Token);
        var original = await first.ExpectAsync<PublishPacket>();

        await DropAsync(client, first);
        _clock.Advance(TimeSpan.FromSeconds(1)); // first backoff with jitter 1.0 = 1 s
        var (second, _) = await _broker.AcceptAndAckAsync();
        var resent = await second.ExpectAsync<PublishPacket>();

        Assert.Equal(original with { Dup = true }, resent);
        Assert.False(publishing.IsCompleted);
        await second.SendAsync(new PubAckPacket(resent.PacketId), Token);
        await publishing;
        Assert.Equal(1, client.Metrics.Reconnects);
    }

    [Fact]
    public async Task PublishAsync_QoS1WhileReconnecting_WaitsAndIsSentWithoutDup()
    {
        var client = CreateSut();
        var first = await ConnectAsync(client);
        await DropAsync(client, first);

        var publishing = client.PublishAsync("a/b", "queued"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var (second, _) = await _broker.AcceptAndAckAsync();
        var sent = await second.ExpectAsync<PublishPacket>();

        Assert.Equal(("queued", false), (Encoding.UTF8.GetString(sent.Payload.Span), sent.Dup));
        await second.SendAsync(new PubAckPacket(sent.PacketId), Token);
        await publishing;
    }

    [Fact]
    public async Task KeepAlive_IdleForInterval_SendsPingAndClosesWithoutPingResp()
    {
        var client = CreateSut();
        var server = await ConnectAsync(client);
        var lost = new TaskCompletionSource<string?>();
        client.ConnectionStateChanged += (_, e) => { if (!e.IsConnected) { lost.TrySetResult(e.Reason); } };

        await _clock.WaitForPendingTimersAsync(1, Token);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await server.ExpectAsync<PingReqPacket>();
        await server.SendAsync(PingRespPacket.Instance, Token);
        // A QoS 1 round trip proves the client's read loop has handled the PINGRESP sent before it.
        await server.SendAsync(new PublishPacket("a/b", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 1 }, Token);
        await server.ExpectAsync<PubAckPacket>();

        await _clock.WaitForPendingTimersAsync(1, Token);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await server.ExpectAsync<PingReqPacket>(); // answered last time, so a second ping, not a close

        await _clock.WaitForPendingTimersAsync(1, Token);
        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains("PINGRESP", await lost.Task.WaitAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAsync_ReturnsCodesAndResubscribesWhenSessionIsGone()
    {
        var client = CreateSut();
        var first = await ConnectAsync(client);

        var subscribing = client.SubscribeAsync([new("devices/VNS52508000001/commands/#", QualityOfService.AtLeastOnce), new("bad/acl", QualityOfService.AtMostOnce)], Token);
        var subscribe = await first.ExpectAsync<SubscribePacket>();
        await first.SendAsync(new SubAckPacket(subscribe.PacketId, SubAckReturnCode.SuccessMaximumQoS1, SubAckReturnCode.Failure), Token);
        Assert.Equal([SubAckReturnCode.SuccessMaximumQoS1, SubAckReturnCode.Failure], await subscribing);

        await DropAsync(client, first);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var (second, _) = await _broker.AcceptAndAckAsync(sessionPresent: false);

        var again = await second.ExpectAsync<SubscribePacket>();
        Assert.Equal([new TopicSubscription("devices/VNS52508000001/commands/#", QualityOfService.AtLeastOnce)], again.Subscriptions);
    }

    [Fact]
    public async Task Receive_QoS1_HandlerRunsThenPubAck()
    {
        var client = CreateSut();
        var received = new List<string>();
        client.MessageReceived = (message, _) => { received.Add(Encoding.UTF8.GetString(message.Payload.Span)); return ValueTask.CompletedTask; };
        var server = await ConnectAsync(client);

        await server.SendAsync(new PublishPacket("devices/VNS52508000001/commands/announce", "150000"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 7 }, Token);

        Assert.Equal(7, (await server.ExpectAsync<PubAckPacket>()).PacketId);
        Assert.Equal(["150000"], received);
    }

    [Fact]
    public async Task Receive_QoS2WithDuplicate_DeliversOnceAndCompletesHandshake()
    {
        var client = CreateSut();
        var count = 0;
        client.MessageReceived = (_, _) => { count++; return ValueTask.CompletedTask; };
        var server = await ConnectAsync(client);
        var message = new PublishPacket("a/b", "x"u8.ToArray()) { QoS = QualityOfService.ExactlyOnce, PacketId = 9 };

        await server.SendAsync(message, Token);
        await server.ExpectAsync<PubRecPacket>();
        await server.SendAsync(message with { Dup = true }, Token);
        await server.ExpectAsync<PubRecPacket>();
        await server.SendAsync(new PubRelPacket(9), Token);

        Assert.Equal(9, (await server.ExpectAsync<PubCompPacket>()).PacketId);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Receive_HandlerThrows_IsLoggedAndClientGoesOn()
    {
        var client = CreateSut();
        client.MessageReceived = (_, _) => throw new InvalidOperationException("boom");
        var server = await ConnectAsync(client);

        await server.SendAsync(new PublishPacket("a/b", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 1 }, Token);
        await server.ExpectAsync<PubAckPacket>();

        Assert.True(client.IsConnected);
        lock (_log)
        {
            Assert.Contains(_log, line => line.Contains("boom", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DisconnectAsync_SendsDisconnectAndDoesNotReconnect()
    {
        var client = CreateSut();
        var server = await ConnectAsync(client);

        await client.DisconnectAsync(Token);

        await server.ExpectAsync<DisconnectPacket>();
        Assert.Null(await server.ReadAsync(Token));
        Assert.False(client.IsConnected);
        Assert.Equal(0, _clock.PendingTimers);
    }

    [Fact]
    public async Task DisposeAsync_WithUnacknowledgedPublish_FailsItVisibly()
    {
        var client = CreateSut();
        var server = await ConnectAsync(client);
        var publishing = client.PublishAsync("a/b", "x"u8.ToArray(), QualityOfService.AtLeastOnce, cancellationToken: Token);
        await server.ExpectAsync<PublishPacket>();

        await client.DisposeAsync();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => publishing);
        Assert.Contains("a/b", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receive_ServerOnlyPacket_ClosesConnection()
    {
        var client = CreateSut(b => b.WithReconnect(false));
        var lost = new TaskCompletionSource<string?>();
        client.ConnectionStateChanged += (_, e) => { if (!e.IsConnected) { lost.TrySetResult(e.Reason); } };
        var server = await ConnectAsync(client);

        await server.SendAsync(new SubscribePacket(3, new TopicSubscription("a", QualityOfService.AtMostOnce)), Token);

        Assert.Contains("Subscribe", await lost.Task.WaitAsync(Token), StringComparison.Ordinal);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await _broker.DisposeAsync();
    }
}
