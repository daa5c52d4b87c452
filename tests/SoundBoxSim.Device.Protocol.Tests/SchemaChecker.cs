using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SoundBoxSim.Device.Protocol.Tests;

/// <summary>
/// Checks a JSON value against a schema of the protocol document: the subset of JSON Schema the document uses
/// ($ref, type, enum, const, minimum, maximum, minLength, maxLength, pattern, required, properties, anyOf).
/// Any other keyword that constrains a value fails loudly, so the document cannot use one this checker ignores.
/// "integer" means an integer literal, as the codec reads it: 150000.0 is not an integer here.
/// </summary>
internal sealed class SchemaChecker(AsyncApiDocument document)
{
    private static readonly HashSet<string> Annotations = ["description", "title", "examples", "format", "discriminator", "default"];

    /// <summary>Every way <paramref name="instance"/> breaks <paramref name="schema"/>; empty when it conforms.</summary>
    public IReadOnlyList<string> Check(JsonElement schema, JsonElement instance)
    {
        var problems = new List<string>();
        Check(schema, instance, "$", problems);
        return problems;
    }

    private void Check(JsonElement schema, JsonElement instance, string path, List<string> problems)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(document.Resolve(reference.GetString()!), instance, path, problems);
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "type":
                    if (!HasType(instance, value.GetString()!))
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is not of type {value.GetString()}");
                    }

                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(v => JsonElement.DeepEquals(v, instance)))
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is not one of {value.GetRawText()}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(value, instance))
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is not {value.GetRawText()}");
                    }

                    break;
                case "minimum":
                    if (instance.ValueKind == JsonValueKind.Number && instance.GetDecimal() < value.GetDecimal())
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is below {value.GetRawText()}");
                    }

                    break;
                case "maximum":
                    if (instance.ValueKind == JsonValueKind.Number && instance.GetDecimal() > value.GetDecimal())
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is above {value.GetRawText()}");
                    }

                    break;
                case "minLength":
                    if (instance.ValueKind == JsonValueKind.String && instance.GetString()!.EnumerateRunes().Count() < value.GetInt32())
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is shorter than {value.GetInt32()}");
                    }

                    break;
                case "maxLength":
                    if (instance.ValueKind == JsonValueKind.String && instance.GetString()!.EnumerateRunes().Count() > value.GetInt32())
                    {
                        problems.Add($"{path}: {instance.GetRawText()} is longer than {value.GetInt32()}");
                    }

                    break;
                case "pattern":
                    if (instance.ValueKind == JsonValueKind.String && !Regex.IsMatch(instance.GetString()!, value.GetString()!, RegexOptions.CultureInvariant))
                    {
                        problems.Add($"{path}: {instance.GetRawText()} does not match {value.GetString()}");
                    }

                    break;
                case "required":
                    foreach (var name in value.EnumerateArray().Select(n => n.GetString()!))
                    {
                        if (instance.ValueKind == JsonValueKind.Object && !instance.TryGetProperty(name, out _))
                        {
                            problems.Add($"{path}: {name} is missing");
                        }
                    }

                    break;
                case "properties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            if (instance.TryGetProperty(property.Name, out var child))
                            {
                                Check(property.Value, child, $"{path}.{property.Name}", problems);
                            }
                        }
                    }

                    break;
                case "anyOf":
                    var branches = value.EnumerateArray().Select(branch => Check(branch, instance)).ToList();
                    if (branches.All(b => b.Count > 0))
                    {
                        problems.Add($"{path}: matches none of anyOf ({string.Join("; ", branches.SelectMany(b => b))})");
                    }

                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"The schema keyword \"{keyword.Name}\" at {path} is not supported by {nameof(SchemaChecker)}; teach it first.");
                    }

                    break;
            }
        }
    }

    private static bool HasType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number
            && instance.GetRawText().AsSpan().IndexOfAny(".eE") < 0
            && decimal.TryParse(instance.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
        _ => throw new NotSupportedException($"JSON Schema type \"{type}\""),
    };
}
