using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>UTF-8 encoded strings: well-formed, without U+0000, at most 65,535 bytes (MQTT 3.1.1 section 1.5.3).</summary>
internal static class MqttString
{
    /// <summary>The most bytes a two-byte length prefix can announce.</summary>
    public const int MaxBytes = ushort.MaxValue;

    private const int StackLimit = 256;

    /// <summary>Decodes <paramref name="utf8"/>, which <paramref name="field"/> names in messages.</summary>
    /// <exception cref="MqttProtocolException">The bytes are ill-formed UTF-8 or encode U+0000.</exception>
    public static string Decode(ReadOnlySpan<byte> utf8, string field)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        char[]? rented = null;
        var chars = utf8.Length <= StackLimit ? stackalloc char[utf8.Length] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            // Strict decoding rejects overlong forms, encoded surrogates and code points above U+10FFFF.
            var status = Utf8.ToUtf16(utf8, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                throw IllFormed(utf8, read, field);
            }

            var text = chars[..written];
            var nul = text.IndexOf('\0');
            if (nul >= 0)
            {
                throw new MqttProtocolException(MqttRules.Utf8NullCharacter, $"{field} holds U+0000 at character {nul}.");
            }

            return new string(text);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The UTF-8 length of <paramref name="value"/> once it is checked for writing.</summary>
    /// <exception cref="MqttProtocolException">The string holds U+0000 or a lone surrogate, or is too long.</exception>
    public static int GetByteCount(string value, string field)
    {
        if (FindProblem(value, field, out var byteCount) is { } problem)
        {
            throw problem.ToException();
        }

        return byteCount;
    }

    /// <summary>Checks <paramref name="value"/> as a string the wire can carry; <see langword="null"/> when it can.</summary>
    public static Violation? FindProblem(string value, string field, out int byteCount)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        byteCount = 0;
        var text = value.AsSpan();
        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            return new Violation(MqttRules.Utf8NullCharacter, $"{field} holds U+0000 at character {nul}.");
        }

        // Vectorized search first; only strings with surrogates are walked pair by pair.
        for (var i = text.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return new Violation(MqttRules.Utf8WellFormed, $"{field} holds the lone surrogate U+{(int)text[i]:X4} at character {i}, which UTF-8 cannot encode.");
            }
        }

        byteCount = Encoding.UTF8.GetByteCount(text);
        return byteCount > MaxBytes
            ? new Violation(MqttRules.FieldLength, $"{field} is {byteCount} bytes of UTF-8; a string holds at most {MaxBytes}.")
            : null;
    }

    private static MqttProtocolException IllFormed(ReadOnlySpan<byte> utf8, int offset, string field)
    {
        var bad = utf8.Slice(offset, Math.Min(4, utf8.Length - offset));
        var surrogate = bad is [0xED, >= 0xA0, ..] ? " (an encoded UTF-16 surrogate, U+D800-U+DFFF)" : string.Empty;
        return new MqttProtocolException(
            MqttRules.Utf8WellFormed,
            $"{field} is not well-formed UTF-8: the bytes {Convert.ToHexString(bad)} at offset {offset} are not a valid sequence{surrogate}.");
    }
}
