using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Broker.Tests.Internal;

public sealed class ClientConnectionTests
{
    [Fact]
    public async Task Writer_MessagesQueuedDuringAFlush_GoOutInOneBatchAndOneFlush()
    {
        // Arrange
        await using var harness = new BrokerHarness();
        var (clientEnd, serverEnd) = MemoryTransport.CreatePair();
        var server = new GatedTransport(serverEnd);
        await using var client = new RawClient(clientEnd, harness.Token, harness.Broker.AcceptAsync(server, harness.Token));
        await client.ConnectAcceptedAsync("sub");
        await client.SubscribeAsync("t");
        var before = server.Flushes; // CONNACK, SUBACK

        // Act: hold the flush of message 0, queue 99 more behind it, let go
        var held = server.CloseGate();
        harness.Broker.Publish(Message(0));
        await held;
        for (var i = 1; i < 100; i++)
        {
            harness.Broker.Publish(Message(i));
        }

        server.Release();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32((await client.ExpectAsync<PublishPacket>()).Payload.Span));
        }

        // Assert: one flush for message 0, one for the other 99
        Assert.Equal(2, server.Flushes - before);
    }

    private static PublishPacket Message(int i) => new("t", BitConverter.GetBytes(i));
}
