using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerGarbageTests
{
    private const int Connections = 10_000;

    [Fact]
    public async Task Garbage_TenThousandConnections_EachGetsTheSpecAnswerAndOneLineWhileAGoodClientWorks()
    {
        // Arrange
        var unobserved = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, e) => unobserved.Enqueue(e.Exception);
        TaskScheduler.UnobservedTaskException += record;
        await using var harness = new BrokerHarness(timeout: TimeSpan.FromMinutes(3));
        var token = harness.Token;
        await using var good = await harness.ConnectAsync("good", keepAlive: 0);
        await good.SubscribeAsync("good/#", QualityOfService.AtLeastOnce);
        var samples = Garbage.Generate(Connections, seed: 1883, harness.Broker.Options.MaximumPacketSize).ToList();
        var remotes = new string[samples.Count];
        var answers = new byte[samples.Count][];
        using var garbageDone = new CancellationTokenSource();

        // Act: the good client publishes and receives until the garbage is through
        var goodLoop = Task.Run(async () => await PublishAndReceiveUntilAsync(good, garbageDone.Token), token);
        await Parallel.ForEachAsync(Enumerable.Range(0, samples.Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = token }, async (i, _) =>
        {
            var (client, server) = MemoryTransport.CreatePair();
            remotes[i] = server.RemoteEndPoint;
            var served = harness.Broker.AcceptAsync(server, token);
            await using var raw = new RawClient(client, token, served);
            await raw.SendRawAsync(samples[i].Input);
            await raw.CompleteOutputAsync();
            answers[i] = await raw.ReadToEndAsync();
            await served;
        });
        await garbageDone.CancelAsync();
        var rounds = await goodLoop;

        // Assert
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.True(samples[i].Answer.AsSpan().SequenceEqual(answers[i]),
                $"input {Convert.ToHexString(samples[i].Input)}: expected [{Convert.ToHexString(samples[i].Answer)}], got [{Convert.ToHexString(answers[i])}]");
        }

        var linesByRemote = harness.Lines().GroupBy(line => line[..line.IndexOf(": ", StringComparison.Ordinal)]).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(remotes, remote => Assert.Equal(1, linesByRemote.GetValueOrDefault(remote)));
        Assert.True(rounds > 0);
        Assert.Contains(samples, sample => sample.Answer is [0x20, 0x02, 0x00, 0x01]);
        Assert.Contains(samples, sample => sample.Answer is [0x20, 0x02, 0x00, 0x02]);
        Assert.Equal(Connections, harness.Broker.Metrics.RefusedConnections + harness.Broker.Metrics.ProtocolErrors);
        Assert.Equal(1, harness.Broker.Metrics.CurrentConnections);
        Assert.True(await PublishAndReceiveUntilAsync(good, new CancellationToken(canceled: false), once: true) == 1);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        TaskScheduler.UnobservedTaskException -= record;
        Assert.Empty(unobserved);
    }

    /// <summary>
    /// Publishes QoS 1 to itself and reads both the PUBACK and the delivery (in either order: like Mosquitto, the broker
    /// sends the delivery first), round after round, or one round.
    /// </summary>
    private static async Task<int> PublishAndReceiveUntilAsync(RawClient client, CancellationToken stop, bool once = false)
    {
        var rounds = 0;
        while (!stop.IsCancellationRequested && !(once && rounds == 1))
        {
            var id = (ushort)(rounds % 60_000 + 1);
            await client.SendAsync(new PublishPacket($"good/{rounds}", BitConverter.GetBytes(rounds)) { QoS = QualityOfService.AtLeastOnce, PacketId = id });
            var seen = 0;
            while (seen != 3)
            {
                switch (await client.ReadAsync())
                {
                    case PubAckPacket ack when ack.PacketId == id:
                        seen |= 1;
                        break;
                    case PublishPacket delivered when delivered.Topic == $"good/{rounds}":
                        await client.SendAsync(new PubAckPacket(delivered.PacketId));
                        seen |= 2;
                        break;
                    case var other:
                        Assert.Fail($"unexpected {other}");
                        break;
                }
            }

            rounds++;
        }

        return rounds;
    }
}
