using System.Globalization;
using System.Text.Json;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// The known properties of one scanned payload, read with typed accessors. Each accessor checks the JSON type
/// and the allowed range and, when they do not hold, records an error naming the field and saying what is
/// allowed; only the first error is kept. Accessors never throw for bad input.
/// </summary>
internal sealed class JsonFields
{
    private const string TimeRule = "an ISO 8601 date-time with an offset, e.g. \"2026-11-22T04:00:00Z\"";
    private const string OtpRule = "a string of exactly 4 ASCII digits, e.g. \"0427\"";

    private readonly JsonFieldTable _table;
    private readonly FieldValue[] _values;
    private readonly bool[] _set;
    private readonly bool[] _duplicated;

    /// <summary>Empty slots for <paramref name="table"/>, filled by <see cref="JsonFieldTable.Scan"/>.</summary>
    public JsonFields(JsonFieldTable table)
    {
        _table = table;
        _values = new FieldValue[table.Count];
        _set = new bool[table.Count];
        _duplicated = new bool[table.Count];
    }

    /// <summary>The first problem found, by the scan or by an accessor; null while all is well.</summary>
    public string? Error { get; private set; }

    /// <summary>Records <paramref name="message"/> unless an earlier problem was recorded.</summary>
    public void Fail(string message) => Error ??= message;

    /// <summary>Whether slot <paramref name="index"/> was already seen.</summary>
    public bool HasSlot(int index) => _set[index] || _duplicated[index];

    /// <summary>Fills slot <paramref name="index"/>.</summary>
    public void Set(int index, FieldValue value)
    {
        _values[index] = value;
        _set[index] = true;
    }

    /// <summary>Marks slot <paramref name="index"/> as given twice, so its value is never trusted.</summary>
    public void MarkDuplicated(int index)
    {
        _duplicated[index] = true;
        _values[index] = default;
    }

    /// <summary>The raw value of <paramref name="name"/>; <see cref="JsonValueKind.Undefined"/> when absent or given twice.</summary>
    public FieldValue this[string name] => _values[_table.IndexOf(name)];

    /// <summary>The string value of <paramref name="name"/> when it has <paramref name="minLength"/> to <paramref name="maxLength"/> characters; no error either way.</summary>
    public string? Peek(string name, int minLength, int maxLength) =>
        this[name] is { Kind: JsonValueKind.String, Text: { } text } && ProtocolJson.HasLength(text, minLength, maxLength) ? text : null;

    /// <summary>A string of <paramref name="minLength"/> to <paramref name="maxLength"/> characters (code points).</summary>
    public string? String(string name, int minLength, int maxLength, bool required = true)
    {
        var value = this[name];
        if (value is { Kind: JsonValueKind.String, Text: { } text } && ProtocolJson.HasLength(text, minLength, maxLength))
        {
            return text;
        }

        Report(name, value, required, minLength == maxLength ? $"a string of exactly {minLength} characters"
            : maxLength == int.MaxValue ? (minLength <= 1 ? "a non-empty string" : $"a string of at least {minLength} characters")
            : $"a string of {minLength} to {maxLength} characters");
        return null;
    }

    /// <summary>A non-empty string.</summary>
    public string? NonEmpty(string name, bool required = true) => String(name, 1, int.MaxValue, required);

    /// <summary>One of <paramref name="allowed"/> (case-sensitive).</summary>
    public string? Choice(string name, IReadOnlyList<string> allowed, bool required = true)
    {
        var value = this[name];
        if (value is { Kind: JsonValueKind.String, Text: { } text } && allowed.Contains(text))
        {
            return text;
        }

        Report(name, value, required, "one of " + string.Join(", ", allowed));
        return null;
    }

    /// <summary>Exactly four ASCII digits, as a string.</summary>
    public string? Otp(string name, bool required = true)
    {
        var value = this[name];
        if (value.Kind == JsonValueKind.String && ProtocolJson.IsOtp(value.Text))
        {
            return value.Text;
        }

        Report(name, value, required, OtpRule);
        return null;
    }

    /// <summary>A JSON integer (no fraction, no exponent: 150000.0 is refused) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public long? Integer(string name, long min, long max, bool required = true)
    {
        var value = this[name];
        if (value is { Kind: JsonValueKind.Number, Text: { } raw }
            && raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0
            && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        Report(name, value, required, string.Create(CultureInfo.InvariantCulture, $"an integer from {min} to {max}"));
        return null;
    }

    /// <summary>A JSON number, with or without a fraction, from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public double? Number(string name, double min, double max, bool required = true)
    {
        var value = this[name];
        if (value is { Kind: JsonValueKind.Number, Text: { } raw }
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number >= min && number <= max)
        {
            return number;
        }

        Report(name, value, required, string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"));
        return null;
    }

    /// <summary>true or false.</summary>
    public bool? Boolean(string name, bool required = true)
    {
        var value = this[name];
        if (value.Kind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.Kind == JsonValueKind.True;
        }

        Report(name, value, required, "true or false");
        return null;
    }

    /// <summary>An ISO 8601 date-time with an offset ("Z" or "+07:00").</summary>
    public DateTimeOffset? Time(string name, bool required = true)
    {
        var value = this[name];
        if (value.Kind == JsonValueKind.String && ProtocolJson.TryParseTime(value.Text, out var time))
        {
            return time;
        }

        Report(name, value, required, TimeRule);
        return null;
    }

    /// <summary>
    /// Records why <paramref name="value"/> was not accepted, unless it is an optional field left out (absent or
    /// null). Runs only on failure, so a valid payload builds no message. A field given twice reads as absent;
    /// the scan already reported it.
    /// </summary>
    private void Report(string name, FieldValue value, bool required, string rule)
    {
        if (value.HasValue)
        {
            Fail($"{name} must be {rule}; got {ProtocolJson.Describe(value)}");
        }
        else if (required)
        {
            Fail(value.Kind == JsonValueKind.Null ? $"{name} must be {rule}; got null" : $"{name} is missing; it must be {rule}");
        }
    }
}
