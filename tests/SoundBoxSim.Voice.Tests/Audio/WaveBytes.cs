using System.Buffers.Binary;
using System.Text;

namespace SoundBoxSim.Voice.Tests.Audio;

/// <summary>One RIFF chunk as a test writes it: an id, a body and the length the header claims.</summary>
/// <param name="Id">The four-character chunk id.</param>
/// <param name="Body">The bytes that follow the chunk header.</param>
/// <param name="DeclaredSize">The size written in the header; null writes the body's real length.</param>
/// <param name="Pad">Whether to append the RIFF pad byte after an odd-length body.</param>
internal sealed record Chunk(string Id, byte[] Body, uint? DeclaredSize = null, bool Pad = true);

/// <summary>
/// Builds WAV files byte by byte from the RIFF/WAVE specification, independently of our writer, so that the
/// reader can be fed any shape of file: well-formed, unusual or hostile.
/// </summary>
internal static class WaveBytes
{
    public const ushort FormatPcm = 1;
    public const ushort FormatIeeeFloat = 3;
    public const ushort FormatExtensible = 0xFFFE;

    /// <summary>"RIFF", the RIFF size (real unless given), "WAVE", then the chunks in order.</summary>
    public static byte[] Riff(IEnumerable<Chunk> chunks, uint? riffSize = null)
    {
        using var body = new MemoryStream();
        foreach (var chunk in chunks)
        {
            body.Write(Encoding.ASCII.GetBytes(chunk.Id));
            body.Write(UInt32(chunk.DeclaredSize ?? (uint)chunk.Body.Length));
            body.Write(chunk.Body);
            if (chunk.Pad && chunk.Body.Length % 2 == 1)
            {
                body.WriteByte(0);
            }
        }

        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        file.Write(UInt32(riffSize ?? (uint)(4 + body.Length)));
        file.Write("WAVE"u8);
        body.Position = 0;
        body.CopyTo(file);
        return file.ToArray();
    }

    public static byte[] Riff(params Chunk[] chunks) => Riff(chunks, null);

    /// <summary>A WAVEFORMAT/PCMWAVEFORMAT 'fmt ' chunk (16 bytes) with consistent byte rate and block align.</summary>
    public static Chunk Fmt(ushort tag = FormatPcm, ushort channels = 1, uint rate = 16_000, ushort bits = 16)
    {
        var blockAlign = (ushort)(channels * ((bits + 7) / 8));
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), bits);
        return new Chunk("fmt ", body);
    }

    /// <summary>A WAVEFORMATEXTENSIBLE 'fmt ' chunk (40 bytes) whose sub-format GUID carries <paramref name="subFormat"/>.</summary>
    public static Chunk FmtExtensible(ushort subFormat, ushort channels = 1, uint rate = 16_000, ushort bits = 16)
    {
        var basic = Fmt(FormatExtensible, channels, rate, bits).Body;
        var body = new byte[40];
        basic.CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);       // cbSize
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), bits);     // valid bits per sample
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 1 ? 0x4u : 0x3u); // channel mask
        // KSDATAFORMAT_SUBTYPE_xxx = {0000xxxx-0000-0010-8000-00AA00389B71}
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), subFormat);
        byte[] guidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        guidTail.CopyTo(body, 26);
        return new Chunk("fmt ", body);
    }

    /// <summary>A 'data' chunk of little-endian 16-bit samples.</summary>
    public static Chunk Data(params short[] samples) => new("data", Pcm16(samples));

    /// <summary>Little-endian 16-bit samples.</summary>
    public static byte[] Pcm16(IReadOnlyList<short> samples)
    {
        var bytes = new byte[samples.Count * 2];
        for (var i = 0; i < samples.Count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), samples[i]);
        }

        return bytes;
    }

    /// <summary>Reads little-endian 16-bit samples (a raw file as sox writes it).</summary>
    public static short[] ReadPcm16(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]);
        }

        return samples;
    }

    public static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>A short test tone: deterministic, never silent, never near full scale.</summary>
    public static short[] Tone(int count, double amplitude = 8_000, double period = 37.0) =>
        [.. Enumerable.Range(0, count).Select(i => (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * i / period)))];
}
