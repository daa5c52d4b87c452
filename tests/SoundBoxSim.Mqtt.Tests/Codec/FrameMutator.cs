namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>Damages frames the ways a broken or hostile peer would: bit flips, cuts, inserts, lying lengths.</summary>
internal sealed class FrameMutator(Random random, IReadOnlyList<byte[]> corpus)
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x02, 0x03, 0x23, 0x2B, 0x2F, 0x7F, 0x80, 0xC0, 0xED, 0xF4, 0xFF];

    public byte[] Next()
    {
        if (random.Next(20) == 0)
        {
            return RandomFrame();
        }

        var frame = Pick();
        var rounds = 1 + random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            frame = random.Next(9) switch
            {
                0 => FlipBits(frame),
                1 => frame[..random.Next(frame.Length + 1)],
                2 => Insert(frame),
                3 => Delete(frame),
                4 => Overwrite(frame),
                5 => WithRemainingLength(frame, RandomLength(frame)),
                6 => [.. frame, .. Pick()],
                7 => FixLength(Insert(frame)),
                _ => FixLength(Overwrite(Delete(frame))),
            };
        }

        return frame;
    }

    private byte[] Pick() => corpus[random.Next(corpus.Count)];

    private byte[] RandomFrame()
    {
        var frame = new byte[random.Next(49)];
        random.NextBytes(frame);
        if (frame.Length > 0 && random.Next(2) == 0)
        {
            frame[0] = (byte)((random.Next(1, 15) << 4) | (random.Next(4) == 0 ? random.Next(16) : 0));
        }

        return frame;
    }

    private byte[] FlipBits(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        for (var flips = 1 + random.Next(3); flips > 0 && copy.Length > 0; flips--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] Insert(byte[] frame)
    {
        var at = random.Next(frame.Length + 1);
        var extra = new byte[1 + random.Next(4)];
        random.NextBytes(extra);
        return [.. frame[..at], .. extra, .. frame[at..]];
    }

    private byte[] Delete(byte[] frame)
    {
        if (frame.Length == 0)
        {
            return frame;
        }

        var at = random.Next(frame.Length);
        var count = 1 + random.Next(Math.Min(4, frame.Length - at));
        return [.. frame[..at], .. frame[(at + count)..]];
    }

    private byte[] Overwrite(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
        }

        return copy;
    }

    private int RandomLength(byte[] frame) => random.Next(4) switch
    {
        0 => random.Next(268_435_456),
        1 => random.Next(128),
        _ => Math.Max(0, Body(frame).Length + random.Next(-3, 4)),
    };

    /// <summary>Makes the remaining length tell the truth again, so the body's own checks are reached.</summary>
    private byte[] FixLength(byte[] frame) => frame.Length == 0 ? frame : WithRemainingLength(frame, Body(frame).Length);

    private byte[] WithRemainingLength(byte[] frame, int length)
    {
        if (frame.Length == 0)
        {
            return frame;
        }

        var header = new List<byte> { frame[0] };
        do
        {
            var digit = (byte)(length & 0x7F);
            length >>= 7;
            header.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        return [.. header, .. Body(frame)];
    }

    /// <summary>The bytes after the type byte and a best-effort reading of the remaining length.</summary>
    private static byte[] Body(byte[] frame)
    {
        var index = 1;
        while (index < frame.Length && index < 5 && (frame[index] & 0x80) != 0)
        {
            index++;
        }

        return index + 1 <= frame.Length ? frame[(index + 1)..] : [];
    }
}
