using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SoundBoxSim.Voice.Audio;

/// <summary>
/// Reads and writes RIFF/WAVE files of 16-bit PCM. The reader never trusts a declared length: a data chunk
/// longer than the file (as streaming writers such as <c>espeak-ng --stdout</c> leave it) is read up to the
/// last whole sample, any other overlong chunk is an error, and stereo is mixed down to mono.
/// </summary>
public static class WaveFile
{
    /// <summary>The size of the canonical header <see cref="WriteHeader"/> writes: 44 bytes.</summary>
    public const int HeaderSize = 44;
    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>Encodes <paramref name="audio"/> as a canonical 44-byte-header mono WAV.</summary>
    public static byte[] ToBytes(PcmAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var samples = audio.Samples.Span;
        var bytes = new byte[HeaderSize + (samples.Length * 2)];
        var span = bytes.AsSpan();
        WriteHeader(span, audio.SampleRate, samples.Length);
        var body = span[HeaderSize..];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(samples).CopyTo(body);
        }
        else
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(body[(i * 2)..], samples[i]);
            }
        }

        return bytes;
    }

    /// <summary>Writes the 44-byte header of a mono 16-bit PCM WAV holding <paramref name="sampleCount"/> samples.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="HeaderSize"/>.</exception>
    public static void WriteHeader(Span<byte> destination, int sampleRate, int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HeaderSize, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        var dataBytes = (uint)sampleCount * 2;
        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], dataBytes + HeaderSize - 8);
        "WAVEfmt "u8.CopyTo(destination[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], (uint)sampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[34..], 16);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], dataBytes);
    }

    /// <summary>Writes <paramref name="audio"/> to <paramref name="path"/>, replacing any file there.</summary>
    public static Task WriteAsync(string path, PcmAudio audio, CancellationToken cancellationToken = default) =>
        File.WriteAllBytesAsync(path, ToBytes(audio), cancellationToken);

    /// <summary>Reads the WAV file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidWaveFileException">The file is not a 16-bit PCM WAV.</exception>
    public static async Task<PcmAudio> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken));

    /// <summary>Decodes a WAV held in memory.</summary>
    /// <exception cref="InvalidWaveFileException">The bytes are not a 16-bit PCM WAV; the message says why.</exception>
    public static PcmAudio Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidWaveFileException("Not a WAV file: it must start with 'RIFF', 4 length bytes and 'WAVE'.");
        }

        Format? format = null;
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(file[(position + 4)..]);
            var available = file.Length - position - 8;
            var body = file.Slice(position + 8, (int)Math.Min(declared, (uint)available));
            if (declared > available && !id.SequenceEqual("data"u8))
            {
                // Only the data chunk may run past the end (streaming writers); any other chunk that does would
                // swallow the chunks after it, so say which one is broken rather than "no fmt/data chunk".
                throw new InvalidWaveFileException($"The '{ChunkName(id)}' chunk declares {declared} bytes but only {available} remain.");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = ParseFormat(body);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new InvalidWaveFileException("The 'data' chunk comes before the 'fmt ' chunk, so its format is unknown.");
                }

                return Decode(format.Value, body);
            }

            // Chunks are padded to an even length (RIFF); a pad byte missing at the very end is tolerated.
            position += 8 + (int)Math.Min(declared + (long)(declared & 1), available + 1L);
        }

        throw new InvalidWaveFileException(format is null
            ? "The file has no 'fmt ' chunk."
            : "The file has no 'data' chunk.");
    }

    private static string ChunkName(ReadOnlySpan<byte> id)
    {
        Span<char> name = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            name[i] = id[i] is >= 0x20 and < 0x7F ? (char)id[i] : '?';
        }

        return new string(name);
    }

    private static Format ParseFormat(ReadOnlySpan<byte> body)
    {
        if (body.Length < 16)
        {
            throw new InvalidWaveFileException($"The 'fmt ' chunk is {body.Length} bytes; PCM needs at least 16.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(body);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(body[14..]);
        if (tag == FormatExtensible && body.Length >= 26)
        {
            tag = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]); // the sub-format GUID starts with the format tag
        }

        if (tag != FormatPcm)
        {
            throw new InvalidWaveFileException($"The audio format is {tag}; only PCM (1) is supported.");
        }

        if (bits != 16)
        {
            throw new InvalidWaveFileException($"The samples are {bits}-bit; only 16-bit PCM is supported (convert with: sox in.wav -b 16 out.wav).");
        }

        if (channels is not (1 or 2))
        {
            throw new InvalidWaveFileException($"The file has {channels} channels; only mono and stereo are supported.");
        }

        if (rate is < 1_000 or > 384_000)
        {
            throw new InvalidWaveFileException($"The sample rate {rate} Hz is outside 1,000-384,000 Hz.");
        }

        return new Format((int)rate, channels);
    }

    private static PcmAudio Decode(Format format, ReadOnlySpan<byte> body)
    {
        var frameSize = 2 * format.Channels;
        var frames = body.Length / frameSize;
        var samples = new short[frames];
        for (var i = 0; i < frames; i++)
        {
            var frame = body.Slice(i * frameSize, frameSize);
            samples[i] = format.Channels == 1
                ? BinaryPrimitives.ReadInt16LittleEndian(frame)
                : (short)((BinaryPrimitives.ReadInt16LittleEndian(frame) + BinaryPrimitives.ReadInt16LittleEndian(frame[2..])) / 2);
        }

        return new PcmAudio(format.SampleRate, samples);
    }

    private readonly record struct Format(int SampleRate, int Channels);
}
