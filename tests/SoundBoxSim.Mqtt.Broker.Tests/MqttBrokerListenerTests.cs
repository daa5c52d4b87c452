using System.Net;
using System.Net.Sockets;
using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

/// <summary>The same broker over real loopback sockets, on a free port.</summary>
public sealed class MqttBrokerListenerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnLoopbackWithARealPort()
    {
        await using var harness = new BrokerHarness(options => options with { Port = 0 });
        Assert.Null(harness.Broker.LocalEndPoint);

        await harness.Broker.StartAsync(harness.Token);

        var endPoint = harness.Broker.LocalEndPoint!;
        Assert.Equal(IPAddress.Loopback, endPoint.Address);
        Assert.NotEqual(0, endPoint.Port);
        Assert.Contains(harness.Lines(MqttLogLevel.Information), line => line == $"broker listening on {endPoint}");
    }

    [Fact]
    public async Task Tcp_PublishSubscribeAcrossSocketsAndMemory_Delivered()
    {
        await using var harness = await StartedAsync();
        await using var subscriber = await RawClient.OpenTcpAsync(harness.Broker.LocalEndPoint!, harness.Token);
        await subscriber.ConnectAcceptedAsync("tcp-sub");
        await subscriber.SubscribeAsync("devices/#", QualityOfService.AtLeastOnce);
        await using var publisher = await harness.ConnectAsync("memory-pub");

        await publisher.PublishAsync("devices/SB-1/notify", "1005000", QualityOfService.AtLeastOnce);

        var delivered = await subscriber.ExpectAsync<PublishPacket>();
        Assert.Equal("1005000"u8.ToArray(), delivered.Payload.ToArray());
        await subscriber.SendAsync(new PubAckPacket(delivered.PacketId));
        await subscriber.DisconnectAsync();
        await subscriber.ExpectClosedAsync();
    }

    [Fact]
    public async Task Tcp_WrongProtocolLevel_ConnAck0x01ThenClosed()
    {
        await using var harness = await StartedAsync();
        await using var client = await RawClient.OpenTcpAsync(harness.Broker.LocalEndPoint!, harness.Token);

        await client.SendRawAsync(Frames.Connect(level: 5));

        Assert.Equal(ConnectReturnCode.UnacceptableProtocolVersion, (await client.ExpectAsync<ConnAckPacket>()).ReturnCode);
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task Tcp_SlowLoris_ClosedAtConnectTimeout()
    {
        await using var harness = await StartedAsync();
        await using var client = await RawClient.OpenTcpAsync(harness.Broker.LocalEndPoint!, harness.Token);

        await harness.Time.WaitForPendingTimersAsync(1, harness.Token); // the broker accepted and armed the CONNECT timeout
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task Tcp_ClientSocketDropped_WillPublished()
    {
        await using var harness = await StartedAsync();
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("status");
        var device = await RawClient.OpenTcpAsync(harness.Broker.LocalEndPoint!, harness.Token);
        await device.ConnectAcceptedAsync("SB-1", will: new WillMessage("status", "offline"u8.ToArray()));

        await device.DisposeAsync();

        Assert.Equal("offline"u8.ToArray(), (await watcher.ExpectAsync<PublishPacket>()).Payload.ToArray());
    }

    [Fact]
    public async Task DisposeAsync_WithTcpClients_ClosesThemAndStopsListening()
    {
        var harness = await StartedAsync();
        var endPoint = harness.Broker.LocalEndPoint!;
        await using var client = await RawClient.OpenTcpAsync(endPoint, harness.Token);
        await client.ConnectAcceptedAsync("SB-1");

        await harness.DisposeAsync();

        await client.ExpectClosedAsync();
        await Assert.ThrowsAsync<SocketException>(async () => await RawClient.OpenTcpAsync(endPoint, TestContext.Current.CancellationToken));
        Assert.Equal(0, harness.Broker.Metrics.CurrentConnections);
    }

    [Fact]
    public async Task StartAsync_Twice_Throws()
    {
        await using var harness = await StartedAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Broker.StartAsync(harness.Token));
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsSocketException()
    {
        await using var first = await StartedAsync();
        await using var second = new BrokerHarness(options => options with { Port = first.Broker.LocalEndPoint!.Port });

        await Assert.ThrowsAsync<SocketException>(() => second.Broker.StartAsync(second.Token));
    }

    [Fact]
    public async Task Tcp_ManyClients_AllServed()
    {
        await using var harness = await StartedAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var client = await RawClient.OpenTcpAsync(harness.Broker.LocalEndPoint!, harness.Token);
            await client.ConnectAcceptedAsync($"SB-{i}");
            await client.SubscribeAsync($"devices/SB-{i}/notify");
            return client;
        }));

        for (var i = 0; i < clients.Length; i++)
        {
            harness.Broker.Publish(new PublishPacket($"devices/SB-{i}/notify", BitConverter.GetBytes(i)));
        }

        for (var i = 0; i < clients.Length; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32((await clients[i].ExpectAsync<PublishPacket>()).Payload.Span));
            await clients[i].DisposeAsync();
        }
    }

    private static async Task<BrokerHarness> StartedAsync()
    {
        var harness = new BrokerHarness(options => options with { Port = 0 });
        await harness.Broker.StartAsync(harness.Token);
        return harness;
    }
}
