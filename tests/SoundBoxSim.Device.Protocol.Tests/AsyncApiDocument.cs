using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SoundBoxSim.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SoundBoxSim.Device.Protocol.Tests;

/// <summary>
/// emulator/asyncapi.yaml read with YamlDotNet and turned into JSON, so schemas and examples can be compared with
/// what the codecs read and write. Plain YAML scalars follow the YAML 1.2 core schema (null, true/false, integers,
/// floats); quoted ones are always strings, so <c>otp: '0427'</c> stays a string and <c>amount: 150000</c> a number.
/// </summary>
internal sealed partial class AsyncApiDocument
{
    private static readonly Lazy<AsyncApiDocument> Loaded = new(() => Parse(File.ReadAllText(Path)));

    private AsyncApiDocument(JsonDocument json) => Json = json;

    /// <summary>Where the document lives.</summary>
    public static string Path => RepoPaths.Combine("emulator", "asyncapi.yaml");

    /// <summary>The repository's document, loaded once.</summary>
    public static AsyncApiDocument Instance => Loaded.Value;

    /// <summary>The whole document as JSON.</summary>
    public JsonDocument Json { get; }

    /// <summary>The document's root object.</summary>
    public JsonElement Root => Json.RootElement;

    /// <summary>Loads YAML text.</summary>
    public static AsyncApiDocument Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(stream.Documents.Single().RootNode, writer);
        }

        return new AsyncApiDocument(JsonDocument.Parse(buffer.WrittenMemory));
    }

    /// <summary>Follows a local reference such as "#/components/schemas/Amount".</summary>
    public JsonElement Resolve(string reference)
    {
        Assert.StartsWith("#/", reference, StringComparison.Ordinal);
        var element = Root;
        foreach (var part in reference[2..].Split('/'))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            Assert.True(element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out element), $"{reference} does not resolve (no \"{name}\").");
        }

        return element;
    }

    /// <summary>The element itself, or what its "$ref" points to (repeatedly).</summary>
    public JsonElement Deref(JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = Resolve(reference.GetString()!);
        }

        return element;
    }

    /// <summary>A channel by its key under "channels".</summary>
    public JsonElement Channel(string key) => Root.GetProperty("channels").GetProperty(key);

    /// <summary>The messages of a channel, by their key, dereferenced.</summary>
    public IReadOnlyDictionary<string, JsonElement> ChannelMessages(string channelKey) =>
        Channel(channelKey).GetProperty("messages").EnumerateObject().ToDictionary(p => p.Name, p => Deref(p.Value));

    /// <summary>A message's payload schema, dereferenced.</summary>
    public JsonElement PayloadSchema(JsonElement message) => Deref(message.GetProperty("payload"));

    /// <summary>The payloads of a message's examples, with their names.</summary>
    public static IEnumerable<(string Name, JsonElement Payload)> Examples(JsonElement message) =>
        message.TryGetProperty("examples", out var examples)
            ? examples.EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("payload")))
            : [];

    /// <summary>A schema's "required" list.</summary>
    public static IReadOnlySet<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToHashSet() : new HashSet<string>();

    /// <summary>The names under a schema's "properties".</summary>
    public static IReadOnlySet<string> Properties(JsonElement schema) =>
        schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();

    /// <summary>The UTF-8 JSON of an element, as a payload.</summary>
    public static byte[] Bytes(JsonElement element) => JsonSerializer.SerializeToUtf8Bytes(element);

    private static void WriteJson(YamlNode node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value!);
                    WriteJson(value, writer);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    WriteJson(item, writer);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(scalar, writer);
                break;
            default:
                throw new NotSupportedException($"{node.NodeType} nodes (anchors, aliases) are not used in the protocol document; found one at {node.Start}.");
        }
    }

    private static void WriteScalar(YamlScalarNode scalar, Utf8JsonWriter writer)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
        }
        else if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            writer.WriteBooleanValue(text[0] is 't' or 'T');
        }
        else if (IntegerPattern().IsMatch(text))
        {
            writer.WriteNumberValue(decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)); // "0427" becomes 427, as YAML says
        }
        else if (FloatPattern().IsMatch(text))
        {
            writer.WriteNumberValue(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)); // decimal keeps "14.0" as 14.0
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
