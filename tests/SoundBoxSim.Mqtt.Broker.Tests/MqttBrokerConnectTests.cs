using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerConnectTests
{
    [Fact]
    public async Task Connect_CleanSession_AcceptedWithoutSessionPresent()
    {
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();

        var connAck = await client.ConnectAsync(RawClient.Connect("SB-001"));

        Assert.Equal(new ConnAckPacket(false, ConnectReturnCode.Accepted), connAck);
        Assert.Equal(1, harness.Broker.Metrics.ConnectedClients);
        Assert.Contains(harness.Lines(MqttLogLevel.Information), line => line.Contains("client 'SB-001': connected (clean session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_EmptyClientIdWithCleanSession_GetsGeneratedIdAndWorks()
    {
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();

        await client.ConnectAcceptedAsync(string.Empty);
        await client.SubscribeAsync("a/b");
        await client.PublishAsync("a/b", "hi");

        Assert.Equal("a/b", (await client.ExpectAsync<PublishPacket>()).Topic);
        Assert.Contains(harness.Lines(), line => line.Contains("client 'auto-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_EmptyClientIdWithPersistentSession_RefusedWith0x02ThenClosed()
    {
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();

        await client.SendRawAsync(Frames.Connect(flags: 0x00, clientId: string.Empty));

        Assert.Equal(new ConnAckPacket(false, ConnectReturnCode.IdentifierRejected), await client.ExpectAsync<ConnAckPacket>());
        await client.ExpectClosedAsync();
        await client.Served;
        Assert.Equal(1, harness.Broker.Metrics.RefusedConnections);
        Assert.Contains(harness.Lines(MqttLogLevel.Warning), line => line.Contains("CONNACK 0x02", StringComparison.Ordinal) && line.Contains(MqttRules.EmptyClientIdNeedsCleanSession, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(255)]
    public async Task Connect_ProtocolLevelOtherThan4_RefusedWith0x01ThenClosed(byte level)
    {
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();

        await client.SendRawAsync(Frames.Connect(level: level));

        Assert.Equal(new ConnAckPacket(false, ConnectReturnCode.UnacceptableProtocolVersion), await client.ExpectAsync<ConnAckPacket>());
        await client.ExpectClosedAsync();
        await client.Served;
        Assert.Single(harness.Lines(), line => line.Contains("CONNACK 0x01", StringComparison.Ordinal) && line.Contains(MqttRules.ProtocolLevel, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ConnectReturnCode.BadUserNameOrPassword)]
    [InlineData(ConnectReturnCode.NotAuthorized)]
    public async Task Connect_AuthenticateSaysNo_RefusedWithItsCodeThenClosed(ConnectReturnCode code)
    {
        (string, string?, string?)? seen = null;
        await using var harness = new BrokerHarness(options => options with
        {
            Authenticate = (clientId, user, password) =>
            {
                seen = (clientId, user, password is { } p ? System.Text.Encoding.UTF8.GetString(p.Span) : null);
                return code;
            },
        });
        await using var client = harness.Open();

        var connAck = await client.ConnectAsync(new ConnectPacket("SB-001") { UserName = "device", Password = "wrong"u8.ToArray() });

        Assert.Equal(new ConnAckPacket(false, code), connAck);
        await client.ExpectClosedAsync();
        Assert.Equal(("SB-001", "device", "wrong"), seen);
    }

    [Fact]
    public async Task Connect_AuthenticateAccepts_Connected()
    {
        await using var harness = new BrokerHarness(options => options with
        {
            Authenticate = (_, user, password) => user == "device" && password?.Span.SequenceEqual("secret"u8) == true
                ? ConnectReturnCode.Accepted
                : ConnectReturnCode.BadUserNameOrPassword,
        });
        await using var good = harness.Open();
        await using var bad = harness.Open();

        var accepted = await good.ConnectAsync(new ConnectPacket("a") { UserName = "device", Password = "secret"u8.ToArray() });
        var refused = await bad.ConnectAsync(new ConnectPacket("b") { UserName = "device" });

        Assert.Equal(ConnectReturnCode.Accepted, accepted.ReturnCode);
        Assert.Equal(ConnectReturnCode.BadUserNameOrPassword, refused.ReturnCode);
    }

    [Fact]
    public async Task Connect_AuthenticateThrows_RefusedWith0x03AndLogged()
    {
        await using var harness = new BrokerHarness(options => options with { Authenticate = (_, _, _) => throw new InvalidOperationException("directory down") });
        harness.AllowErrors = true;
        await using var client = harness.Open();

        var connAck = await client.ConnectAsync(RawClient.Connect("a"));

        Assert.Equal(ConnectReturnCode.ServerUnavailable, connAck.ReturnCode);
        Assert.Contains(harness.Lines(MqttLogLevel.Error), line => line.Contains("directory down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_SecondConnectOnSameConnection_ClosedAsProtocolViolation()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-001");

        await client.SendAsync(RawClient.Connect("SB-001"));

        await client.ExpectClosedAsync();
        await client.Served;
        Assert.Equal(1, harness.Broker.Metrics.ProtocolErrors);
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("client 'SB-001'", StringComparison.Ordinal) && line.Contains("[MQTT-3.1.0-2]", StringComparison.Ordinal));
    }

    public static TheoryData<string> PacketsBeforeConnect => ["PINGREQ", "PUBLISH", "SUBSCRIBE", "DISCONNECT", "CONNACK"];

    [Theory]
    [MemberData(nameof(PacketsBeforeConnect))]
    public async Task Connect_PacketBeforeConnect_ClosedWithoutAnswer(string name)
    {
        MqttPacket packet = name switch
        {
            "PINGREQ" => PingReqPacket.Instance,
            "PUBLISH" => new PublishPacket("a", "x"u8.ToArray()),
            "SUBSCRIBE" => new SubscribePacket(1, new TopicSubscription("#", QualityOfService.AtMostOnce)),
            "DISCONNECT" => DisconnectPacket.Instance,
            _ => new ConnAckPacket(false, ConnectReturnCode.Accepted),
        };
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();

        await client.SendAsync(packet);

        Assert.Empty(await client.ReadToEndAsync());
        await client.Served;
        Assert.Single(harness.Lines(), line => line.Contains($"The first packet is {name}", StringComparison.Ordinal) && line.Contains("[MQTT-3.1.0-1]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_NothingSentWithinConnectTimeout_Closed()
    {
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();

        harness.Time.Advance(TimeSpan.FromSeconds(10));

        await client.ExpectClosedAsync();
        await client.Served;
        Assert.Equal(1, harness.Broker.Metrics.ConnectTimeouts);
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("no CONNECT within 10 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_ConnectJustBeforeTimeout_Accepted()
    {
        await using var harness = new BrokerHarness(options => options with { ConnectTimeout = TimeSpan.FromSeconds(3) });
        await using var client = harness.Open();

        harness.Time.Advance(TimeSpan.FromSeconds(2.9));
        await client.ConnectAcceptedAsync("late");
        harness.Time.Advance(TimeSpan.FromSeconds(60));

        await client.PingAsync();
    }

    [Fact]
    public async Task Connect_HalfAFrameThenNothing_ClosedAtConnectTimeout()
    {
        await using var harness = new BrokerHarness();
        await using var client = harness.Open();
        var connect = MqttPacketWriter.ToBytes(RawClient.Connect("slow"));

        await client.SendRawAsync(connect[..(connect.Length / 2)]);
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task Connect_ClosedBeforeConnect_OneInformationLine()
    {
        await using var harness = new BrokerHarness();
        var client = harness.Open();

        await client.DisposeAsync();
        await client.Served;

        Assert.Single(harness.Lines(), line => line.EndsWith("closed before sending CONNECT", StringComparison.Ordinal));
        Assert.Equal(0, harness.Broker.Metrics.CurrentConnections);
    }
}
