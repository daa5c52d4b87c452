using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>
/// Seeded fuzzing: damaged golden frames and random bytes may only ever make the reader ask for more bytes,
/// decode, or throw <see cref="MqttProtocolException"/>; whatever decodes must survive a write-read round trip.
/// </summary>
public sealed class MqttPacketReaderFuzzTests
{
    private const int Seed = 20_141_029; // MQTT 3.1.1 became an OASIS standard on 2014-10-29.
    private const int Frames = 120_000;

    [Fact]
    public void TryRead_MutatedAndRandomFrames_OnlyProtocolExceptionsAndDecodedPacketsRoundTrip()
    {
        var random = new Random(Seed);
        var mutator = new FrameMutator(random, [.. GoldenFrames.All.Values.Select(f => Hex.Bytes(f.Hex))]);
        var readers = new[] { new MqttPacketReader(), new MqttPacketReader(maximumPacketSize: 64) };
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < Frames; i++)
        {
            var frame = mutator.Next();
            var reader = readers[i % readers.Length];
            var whole = Run(reader, new ReadOnlySequence<byte>(frame), i, frame);
            var cuts = Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(frame.Length + 1)).Order().ToArray();
            var split = Run(reader, TestSequence.Split(frame, cuts), i, frame);

            if (!whole.SameAs(split))
            {
                Assert.Fail($"frame {i} [{Hex.Of(frame)}] split at [{string.Join(", ", cuts)}]: {whole} whole but {split} split");
            }

            foreach (var packet in whole.Packets)
            {
                AssertRoundTrips(packet, i, frame);
            }

            var key = whole.Rule ?? (whole.Packets.Count > 0 ? "decoded" : "needs more");
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        var summary = string.Join(Environment.NewLine, outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Value,7} {o.Key}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(outcomes.GetValueOrDefault("decoded") > Frames / 20, $"too few frames decoded to exercise the round trip:{Environment.NewLine}{summary}");
        Assert.True(outcomes.Count > 25, $"the mutations reach too few rules:{Environment.NewLine}{summary}");
    }

    [Fact]
    public void WriteThenRead_RandomValidPackets_ReturnsEqualPackets()
    {
        var random = new Random(Seed);
        var packets = new RandomPackets(random);
        var reader = new MqttPacketReader();

        for (var i = 0; i < 20_000; i++)
        {
            var packet = packets.Next();
            var bytes = MqttPacketWriter.ToBytes(packet);
            var input = TestSequence.Split(bytes, random.Next(bytes.Length + 1));

            Assert.True(reader.TryRead(input, out var consumed, out _, out var read));
            Assert.Equal(packet, read);
            Assert.Equal(input.Length, input.GetOffset(consumed));
        }
    }

    private static Outcome Run(MqttPacketReader reader, ReadOnlySequence<byte> input, int index, byte[] frame)
    {
        var packets = new List<MqttPacket>();
        try
        {
            while (reader.TryRead(ref input, out var packet))
            {
                packets.Add(packet);
            }

            return new Outcome(packets, null, input.Length);
        }
        catch (MqttProtocolException error)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Rule));
            return new Outcome(packets, error.Rule, -1);
        }
        catch (Exception error)
        {
            Assert.Fail($"frame {index} [{Hex.Of(frame)}] threw {error}");
            throw;
        }
    }

    private static void AssertRoundTrips(MqttPacket packet, int index, byte[] frame)
    {
        var bytes = MqttPacketWriter.ToBytes(packet);
        var input = new ReadOnlySequence<byte>(bytes);

        if (!new MqttPacketReader().TryRead(input, out var consumed, out _, out var again) || !packet.Equals(again) || input.GetOffset(consumed) != input.Length)
        {
            Assert.Fail($"frame {index} [{Hex.Of(frame)}] decoded to {packet}, re-encoded as [{Hex.Of(bytes)}], read back as {again}");
        }
    }

    private sealed record Outcome(List<MqttPacket> Packets, string? Rule, long Left)
    {
        public bool SameAs(Outcome other) => Rule == other.Rule && Left == other.Left && Packets.SequenceEqual(other.Packets);

        public override string ToString() => $"{Packets.Count} packet(s), {Rule ?? $"{Left} byte(s) left"}";
    }
}
