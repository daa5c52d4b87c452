using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// The property names one kind of message knows. <see cref="Scan"/> reads a payload's top-level object in one
/// pass with <see cref="Utf8JsonReader"/>, keeps the values of known properties, skips the rest, and turns
/// every kind of bad input into an error message instead of an exception.
/// </summary>
internal sealed class JsonFieldTable
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    private readonly string[] _names;
    private readonly byte[][] _utf8Names;

    /// <summary>A table of <paramref name="names"/>; the order is the order of <see cref="JsonFields"/> slots.</summary>
    public JsonFieldTable(params string[] names)
    {
        _names = names;
        _utf8Names = [.. names.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>How many names the table has.</summary>
    public int Count => _names.Length;

    /// <summary>The slot of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is not in the table (a bug in a codec).</exception>
    public int IndexOf(string name)
    {
        var index = Array.IndexOf(_names, name);
        return index >= 0 ? index : throw new ArgumentException($"\"{name}\" is not a known field here.", nameof(name));
    }

    /// <summary>
    /// Scans <paramref name="json"/>. Payloads above <paramref name="maxBytes"/> fail, but their first
    /// <paramref name="maxBytes"/> bytes are still scanned so that an early "id" can be recovered.
    /// </summary>
    public JsonFields Scan(ReadOnlySpan<byte> json, int maxBytes = int.MaxValue)
    {
        var fields = new JsonFields(this);
        var complete = json.Length <= maxBytes;
        var input = json;
        if (!complete)
        {
            fields.Fail($"the payload is {json.Length} bytes; it must be at most {maxBytes} bytes");
            input = json[..maxBytes];

            // The cut may split a character; drop its first bytes so the rest can still be checked.
            for (var i = 0; i < 3 && !Utf8.IsValid(input); i++)
            {
                input = input[..^1];
            }
        }

        if (!Utf8.IsValid(input))
        {
            fields.Fail("the payload is not valid UTF-8");
            return fields;
        }

        try
        {
            ScanObject(input, complete, fields);
        }
        catch (JsonException e)
        {
            fields.Fail("the payload is not valid JSON: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            // GetString on an escaped lone surrogate, e.g. "\uD800".
            fields.Fail("the payload is not valid JSON: " + e.Message);
        }

        return fields;
    }

    private void ScanObject(ReadOnlySpan<byte> input, bool complete, JsonFields fields)
    {
        if (input.Trim(" \t\r\n"u8).IsEmpty)
        {
            fields.Fail("the payload is empty; it must be a JSON object");
            return;
        }

        var reader = new Utf8JsonReader(input, complete, new JsonReaderState(ReaderOptions));
        if (!reader.Read())
        {
            return; // only a cut payload runs out before its first token
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            fields.Fail("the payload must be a JSON object; got " + DescribeToken(reader.TokenType));
            return;
        }

        HashSet<string>? otherNames = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = Match(ref reader);
            var name = index >= 0 ? _names[index] : reader.GetString()!;
            var duplicate = index >= 0 ? fields.HasSlot(index) : !(otherNames ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
            if (!reader.Read())
            {
                return; // a cut payload ends here
            }

            var value = reader.TokenType switch
            {
                JsonTokenType.String => new FieldValue(JsonValueKind.String, index >= 0 ? reader.GetString() : null),
                JsonTokenType.Number => new FieldValue(JsonValueKind.Number, index >= 0 ? Encoding.UTF8.GetString(reader.ValueSpan) : null),
                JsonTokenType.True => new FieldValue(JsonValueKind.True, null),
                JsonTokenType.False => new FieldValue(JsonValueKind.False, null),
                JsonTokenType.Null => new FieldValue(JsonValueKind.Null, null),
                JsonTokenType.StartObject => new FieldValue(JsonValueKind.Object, null),
                _ => new FieldValue(JsonValueKind.Array, null),
            };
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
            {
                return; // a cut payload ends inside this value
            }

            if (duplicate)
            {
                fields.Fail($"{Shorten(name)} appears more than once; each property may appear only once");
                if (index >= 0)
                {
                    fields.MarkDuplicated(index);
                }
            }
            else if (index >= 0)
            {
                fields.Set(index, value);
            }
        }

        // A complete payload must end after the object: Read throws on anything but whitespace.
        while (complete && reader.Read())
        {
        }
    }

    private int Match(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string DescribeToken(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Shorten(string name) => name.Length > 64 ? ProtocolJson.Quote(name) : name;
}
