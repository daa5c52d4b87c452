using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Tests.Support;

/// <summary>
/// Seeded hostile first bytes for a connection, and what the spec says a broker answers to each, worked out by the
/// codec's reader (our oracle for "what do these bytes say"): a CONNACK code then close when the reader names one
/// (wrong protocol level, empty id without clean session), otherwise just close.
/// </summary>
internal static class Garbage
{
    /// <summary>Hostile inputs that are not a valid CONNECT, each with the bytes a broker must answer before closing.</summary>
    public static IEnumerable<(byte[] Input, byte[] Answer)> Generate(int count, int seed, int maximumPacketSize)
    {
        var random = new Random(seed);
        var reader = new MqttPacketReader(maximumPacketSize);
        var made = 0;
        while (made < count)
        {
            var input = Next(random);
            if (Answer(reader, input) is { } answer)
            {
                made++;
                yield return (input, answer);
            }
        }
    }

    private static byte[] Next(Random random)
    {
        var valid = MqttPacketWriter.ToBytes(new ConnectPacket("dev") { KeepAliveSeconds = 60, UserName = "u" });
        switch (random.Next(7))
        {
            case 0: // anything at all
                return Bytes(random, random.Next(1, 64));
            case 1: // a CONNECT type byte, then noise
                return [0x10, .. Bytes(random, random.Next(0, 40))];
            case 2: // a well-formed CONNECT with another protocol level: CONNACK 0x01
                return Frames.Connect(level: (byte)random.Next(0, 256), flags: (byte)(random.Next(2) * 2));
            case 3: // a CONNECT with random connect flags
                return Frames.Connect(flags: (byte)random.Next(0, 256), clientId: random.Next(2) == 0 ? string.Empty : "x");
            case 4: // a valid CONNECT with one byte flipped
                var flipped = valid.ToArray();
                flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
                return flipped;
            case 5: // a valid CONNECT cut short
                return valid[..random.Next(1, valid.Length)];
            default: // some other packet first
                return MqttPacketWriter.ToBytes(random.Next(3) switch
                {
                    0 => PingReqPacket.Instance,
                    1 => new PublishPacket("a/b", Bytes(random, 3)),
                    _ => new SubscribePacket(1, new TopicSubscription("#", QualityOfService.AtMostOnce)),
                });
        }
    }

    /// <summary>The broker's answer to <paramref name="input"/> followed by the end of the stream; null for a valid CONNECT (not garbage).</summary>
    private static byte[]? Answer(MqttPacketReader reader, byte[] input)
    {
        try
        {
            var sequence = new ReadOnlySequence<byte>(input);
            return reader.TryRead(sequence, out _, out _, out var packet) && packet is ConnectPacket ? null : [];
        }
        catch (MqttProtocolException violation) when (violation.ConnectReturnCode is { } code)
        {
            return MqttPacketWriter.ToBytes(new ConnAckPacket(false, code));
        }
        catch (MqttProtocolException)
        {
            return [];
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
