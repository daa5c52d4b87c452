using System.Buffers;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>The remaining-length encoding: 7 bits per byte, low bits first, at most four bytes (MQTT 3.1.1 section 2.2.3).</summary>
internal static class VariableByteInteger
{
    /// <summary>The largest value four bytes hold: 0xFF 0xFF 0xFF 0x7F.</summary>
    public const int MaxValue = 268_435_455;

    /// <summary>The most bytes a value takes.</summary>
    public const int MaxSize = 4;

    /// <summary>Reads a value; <see langword="false"/> when the reader ends inside it.</summary>
    /// <exception cref="MqttProtocolException">The fourth byte has its continuation bit set.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        for (var index = 0; index < MaxSize; index++)
        {
            if (!reader.TryRead(out var encoded))
            {
                return false;
            }

            value |= (encoded & 0x7F) << (7 * index);
            if ((encoded & 0x80) == 0)
            {
                return true;
            }
        }

        throw new MqttProtocolException(
            MqttRules.RemainingLength,
            "The remaining length does not end within four bytes: the fourth byte has its continuation bit set.");
    }

    /// <summary>The number of bytes <paramref name="value"/> takes, 1 to 4.</summary>
    public static int GetSize(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>Writes <paramref name="value"/> (0 to <see cref="MaxValue"/>) and returns the bytes written.</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var written = 0;
        do
        {
            var encoded = (byte)(value & 0x7F);
            value >>= 7;
            destination[written++] = value > 0 ? (byte)(encoded | 0x80) : encoded;
        }
        while (value > 0);

        return written;
    }
}
