using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SoundBoxSim.Device.Protocol;

/// <summary>What both codecs share: the writer settings, the time format, and how a bad value is shown in a message.</summary>
internal static partial class ProtocolJson
{
    /// <summary>The largest amount a speaker can read aloud.</summary>
    public const long MaxAmount = 999_999_999_999_999;

    /// <summary>Compact JSON; non-ASCII text (Vietnamese) kept as it is, quotes and control characters escaped.</summary>
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the UTF-8 bytes.</summary>
    public static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer, value);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes a time as ISO 8601 UTC with milliseconds, e.g. "2026-11-22T04:00:00.123Z".</summary>
    public static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[32];
        time.UtcDateTime.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }

    /// <summary>Writes <paramref name="value"/> only when it is set: null optional fields are omitted.</summary>
    public static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>
    /// Parses an ISO 8601 date-time that states its offset: "2026-11-22T04:00:00Z", "...00.123Z", "...00+07:00".
    /// A time without an offset is refused, because reading it as local time would depend on the machine.
    /// </summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        return text is not null
            && TimePattern().IsMatch(text)
            && DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    private static readonly string[] TimeFormats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"];

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    /// <summary>
    /// Whether <paramref name="text"/> has <paramref name="min"/> to <paramref name="max"/> characters, counted
    /// as Unicode code points like JSON Schema's minLength/maxLength (an emoji is one character, not two).
    /// </summary>
    public static bool HasLength(string text, int min, int max)
    {
        if (text.Length < min)
        {
            return false;
        }

        if (text.Length <= max && min <= 1)
        {
            return true; // code points never outnumber UTF-16 units
        }

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count >= min && count <= max;
    }

    /// <summary>Whether <paramref name="text"/> is exactly four ASCII digits, the shape of an OTP.</summary>
    public static bool IsOtp(string? text) => text is { Length: 4 } && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    /// <summary>Shows a JSON value in an error message: a number as written, a string quoted and shortened.</summary>
    public static string Describe(FieldValue value) => value.Kind switch
    {
        JsonValueKind.String => "the string " + Quote(value.Text ?? string.Empty),
        JsonValueKind.Number => Shorten(value.Text ?? string.Empty),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "nothing",
    };

    /// <summary>Quotes <paramref name="text"/> for a message, JSON-style, cut to 40 characters.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text.Length > 40 ? text.AsSpan(0, 40) : text.AsSpan())
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                < ' ' or '\u007f' => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append(text.Length > 40 ? "\"... (" + text.Length.ToString(CultureInfo.InvariantCulture) + " characters)" : "\"").ToString();
    }

    private static string Shorten(string text) => text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "...") : text;
}
