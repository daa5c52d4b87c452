using System.Buffers;
using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Tests;

/// <summary>
/// The broker sends in the order things were queued for a session: a PINGRESP or an ack never overtakes a message
/// routed to the client before the packet it answers (clients and tests use a ping as a barrier), as with Mosquitto.
/// </summary>
public sealed class MqttBrokerOrderingTests
{
    [Fact]
    public async Task PublishToSelfAndPing_InOneWrite_DeliveryComesBeforePingResp()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("self");
        await client.SubscribeAsync("t/#");

        // Both packets in one write, so the broker reads them in one burst.
        await client.SendRawAsync(Bytes(
            Enumerable.Range(0, 20).Select(i => new PublishPacket($"t/{i}", new byte[] { (byte)i }))
                .Append<MqttPacket>(PingReqPacket.Instance)));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"t/{i}", (await client.ExpectAsync<PublishPacket>()).Topic);
        }

        await client.ExpectAsync<PingRespPacket>();
    }

    [Fact]
    public async Task QoS1PublishToSelf_DeliveryThenPubAck_AsMosquittoDoes()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("self");
        await client.SubscribeAsync("t", QualityOfService.AtLeastOnce);

        await client.SendAsync(new PublishPacket("t", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 7 });

        // Routed before it is acknowledged (section 4.3.2), so the delivery is queued first.
        var delivered = await client.ExpectAsync<PublishPacket>();
        Assert.Equal("t", delivered.Topic);
        Assert.Equal(7, (await client.ExpectAsync<PubAckPacket>()).PacketId);
    }

    [Fact]
    public async Task MessagesRoutedBeforePingReq_AllArriveBeforePingResp()
    {
        await using var harness = new BrokerHarness();
        await using var subscriber = await harness.ConnectAsync("sub");
        await using var publisher = await harness.ConnectAsync("pub");
        await subscriber.SubscribeAsync("t");
        const int Count = 500;
        for (var i = 1; i <= Count; i++)
        {
            await publisher.SendAsync(new PublishPacket("t", BitConverter.GetBytes(i)) { QoS = QualityOfService.AtLeastOnce, PacketId = (ushort)i });
        }

        for (var i = 1; i <= Count; i++)
        {
            // Each PUBACK means that message is queued for the subscriber.
            Assert.Equal(i, (await publisher.ExpectAsync<PubAckPacket>()).PacketId);
        }

        await subscriber.SendAsync(PingReqPacket.Instance);

        for (var i = 1; i <= Count; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32((await subscriber.ExpectAsync<PublishPacket>()).Payload.Span));
        }

        await subscriber.ExpectAsync<PingRespPacket>();
    }

    [Fact]
    public async Task FullInflightWindow_PingRespPassesTheHeldBackMessages()
    {
        await using var harness = new BrokerHarness(options => options with { MaxInflightMessagesPerSession = 2 });
        await using var subscriber = await harness.ConnectAsync("sub");
        await using var publisher = await harness.ConnectAsync("pub");
        await subscriber.SubscribeAsync("t", QualityOfService.AtLeastOnce);
        for (var i = 1; i <= 3; i++)
        {
            await publisher.PublishAsync("t", i.ToString(System.Globalization.CultureInfo.InvariantCulture), QualityOfService.AtLeastOnce, packetId: (ushort)i);
        }

        var first = await subscriber.ExpectAsync<PublishPacket>();
        var second = await subscriber.ExpectAsync<PublishPacket>();
        await subscriber.SendAsync(PingReqPacket.Instance);

        // The third waits for room in the window; the PINGRESP does not wait behind it.
        await subscriber.ExpectAsync<PingRespPacket>();
        await subscriber.SendAsync(new PubAckPacket(first.PacketId));
        Assert.Equal("3"u8.ToArray(), (await subscriber.ExpectAsync<PublishPacket>()).Payload.ToArray());
        Assert.Equal("2"u8.ToArray(), second.Payload.ToArray());
    }

    private static byte[] Bytes(IEnumerable<MqttPacket> packets)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var packet in packets)
        {
            MqttPacketWriter.Write(packet, buffer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
