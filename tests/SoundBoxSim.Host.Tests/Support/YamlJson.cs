using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SoundBoxSim.Host.Tests.Support;

/// <summary>
/// Turns a YAML document (parsed by YamlDotNet) into JSON, resolving plain scalars with YAML 1.2's core schema (null,
/// booleans, integers, floats; everything quoted is a string). Plain scalars that YAML 1.1 parsers read otherwise
/// (yes/no/on/off, timestamps, octal-looking numbers) are refused, so every tool reads the document the same way.
/// </summary>
internal static partial class YamlJson
{
    public static JsonElement Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        if (stream.Documents.Count != 1)
        {
            throw new FormatException($"expected one YAML document, found {stream.Documents.Count}");
        }

        var node = Convert(stream.Documents[0].RootNode, "$");
        return JsonSerializer.SerializeToElement(node);
    }

    private static JsonNode? Convert(YamlNode node, string path) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping, path),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select((child, i) => Convert(child, $"{path}[{i}]"))]),
        YamlScalarNode scalar => ConvertScalar(scalar, path),
        _ => throw new FormatException($"{path}: unsupported YAML node {node.NodeType}"),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping, string path)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                throw new FormatException($"{path}: a mapping key is not a scalar");
            }

            if (result.ContainsKey(name))
            {
                throw new FormatException($"{path}: duplicate key '{name}'");
            }

            result[name] = Convert(value, $"{path}.{name}");
        }

        return result;
    }

    private static JsonNode? ConvertScalar(YamlScalarNode scalar, string path)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            throw new FormatException($"{path}: explicit tag {scalar.Tag} is not supported");
        }

        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Yaml11Only().IsMatch(text))
        {
            throw new FormatException($"{path}: the plain scalar '{text}' means something else to YAML 1.1 parsers; quote it");
        }

        if (Integer().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                ? JsonValue.Create(whole)
                : JsonValue.Create(decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        if (Float().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) || text.StartsWith("0o", StringComparison.Ordinal) || text is ".inf" or "-.inf" or ".nan")
        {
            throw new FormatException($"{path}: '{text}' is a YAML number JSON cannot hold; quote it or write it in decimal");
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();

    // YAML 1.1 booleans, sexagesimal numbers, leading-zero (octal) integers and timestamps.
    [GeneratedRegex(@"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0[0-9_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|\d{4}-\d{1,2}-\d{1,2}([Tt ]+\d{1,2}:\d{2}:\d{2}.*)?)$")]
    private static partial Regex Yaml11Only();
}
