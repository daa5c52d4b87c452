using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SoundBoxSim.Host.Tests.Support;

/// <summary>
/// A small JSON Schema (2020-12, as OpenAPI 3.1 uses it) validator for the keywords our OpenAPI document uses:
/// $ref (local), allOf, anyOf, oneOf, type, enum, const, properties, required, additionalProperties, items,
/// minimum, maximum, minLength, maxLength, pattern and format (date-time, uuid, uri, int64). A keyword it does not
/// know fails loudly, so the document cannot use one that would be silently ignored here.
/// </summary>
internal sealed class SchemaValidator(JsonElement root)
{
    private static readonly HashSet<string> Annotations =
        ["description", "title", "examples", "default", "deprecated", "readOnly", "writeOnly", "contentMediaType", "$comment"];

    private static readonly Regex DateTime = new(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

    /// <summary>Every way <paramref name="instance"/> breaks <paramref name="schema"/>; empty when it is valid.</summary>
    public List<string> Validate(JsonElement schema, JsonElement instance, string where = "$")
    {
        var errors = new List<string>();
        Check(schema, instance, where, errors, 0);
        return errors;
    }

    /// <summary>The element a local reference (<c>#/components/schemas/X</c>) points at.</summary>
    public JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local references are supported, not '{reference}'");
        }

        var target = root;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(token, out target))
            {
                throw new InvalidOperationException($"the reference '{reference}' points at nothing (no '{token}')");
            }
        }

        return target;
    }

    private void Check(JsonElement schema, JsonElement instance, string where, List<string> errors, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException($"{where}: schema references nest deeper than 64 (a cycle?)");
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{where}: no value is allowed here");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"{where}: a schema must be an object or a boolean, not {schema.ValueKind}");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref":
                    Check(Resolve(value.GetString()!), instance, where, errors, depth + 1);
                    break;
                case "allOf":
                    foreach (var part in value.EnumerateArray())
                    {
                        Check(part, instance, where, errors, depth + 1);
                    }

                    break;
                case "anyOf" or "oneOf":
                    var passed = value.EnumerateArray().Select(part => Validate(part, instance, where)).ToList();
                    var count = passed.Count(e => e.Count == 0);
                    if (keyword.Name == "anyOf" ? count == 0 : count != 1)
                    {
                        errors.Add(count == 0
                            ? $"{where}: matches none of {keyword.Name} ({string.Join("; ", passed.SelectMany(e => e))})"
                            : $"{where}: matches {count} branches of oneOf, not exactly one");
                    }

                    break;
                case "type":
                    var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToList() : [value.GetString()!];
                    if (!types.Any(t => IsType(t, instance)))
                    {
                        errors.Add($"{where}: is {Describe(instance)}, not {string.Join(" or ", types)}");
                    }

                    break;
                case "enum":
                    if (!value.EnumerateArray().Any(option => JsonElement.DeepEquals(option, instance)))
                    {
                        errors.Add($"{where}: {instance.GetRawText()} is not one of {value.GetRawText()}");
                    }

                    break;
                case "const":
                    if (!JsonElement.DeepEquals(value, instance))
                    {
                        errors.Add($"{where}: {instance.GetRawText()} is not {value.GetRawText()}");
                    }

                    break;
                case "properties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in value.EnumerateObject())
                        {
                            if (instance.TryGetProperty(property.Name, out var field))
                            {
                                Check(property.Value, field, $"{where}.{property.Name}", errors, depth + 1);
                            }
                        }
                    }

                    break;
                case "required":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var name in value.EnumerateArray().Select(n => n.GetString()!))
                        {
                            if (!instance.TryGetProperty(name, out _))
                            {
                                errors.Add($"{where}: the required property '{name}' is missing");
                            }
                        }
                    }

                    break;
                case "additionalProperties":
                    if (instance.ValueKind == JsonValueKind.Object)
                    {
                        var known = schema.TryGetProperty("properties", out var properties)
                            ? properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                            : [];
                        foreach (var field in instance.EnumerateObject().Where(f => !known.Contains(f.Name)))
                        {
                            Check(value, field.Value, $"{where}.{field.Name}", errors, depth + 1);
                        }
                    }

                    break;
                case "items":
                    if (instance.ValueKind == JsonValueKind.Array)
                    {
                        var i = 0;
                        foreach (var item in instance.EnumerateArray())
                        {
                            Check(value, item, $"{where}[{i++}]", errors, depth + 1);
                        }
                    }

                    break;
                case "minimum" or "maximum":
                    if (instance.ValueKind == JsonValueKind.Number)
                    {
                        var number = instance.GetDouble();
                        var bound = value.GetDouble();
                        if (keyword.Name == "minimum" ? number < bound : number > bound)
                        {
                            errors.Add($"{where}: {instance.GetRawText()} is {(keyword.Name == "minimum" ? "below the minimum" : "above the maximum")} {value.GetRawText()}");
                        }
                    }

                    break;
                case "minLength" or "maxLength":
                    if (instance.ValueKind == JsonValueKind.String)
                    {
                        var length = instance.GetString()!.EnumerateRunes().Count();
                        var limit = value.GetInt32();
                        if (keyword.Name == "minLength" ? length < limit : length > limit)
                        {
                            errors.Add($"{where}: a string of {length} characters breaks {keyword.Name} {limit}");
                        }
                    }

                    break;
                case "minItems" or "maxItems":
                    if (instance.ValueKind == JsonValueKind.Array)
                    {
                        var items = instance.GetArrayLength();
                        var most = value.GetInt32();
                        if (keyword.Name == "minItems" ? items < most : items > most)
                        {
                            errors.Add($"{where}: an array of {items} items breaks {keyword.Name} {most}");
                        }
                    }

                    break;
                case "pattern":
                    if (instance.ValueKind == JsonValueKind.String && !Regex.IsMatch(instance.GetString()!, value.GetString()!, RegexOptions.CultureInvariant))
                    {
                        errors.Add($"{where}: {instance.GetRawText()} does not match /{value.GetString()}/");
                    }

                    break;
                case "format":
                    CheckFormat(value.GetString()!, instance, where, errors);
                    break;
                default:
                    if (!Annotations.Contains(keyword.Name))
                    {
                        throw new NotSupportedException($"{where}: the schema keyword '{keyword.Name}' is not supported by this validator; add it here or do not use it");
                    }

                    break;
            }
        }
    }

    private static void CheckFormat(string format, JsonElement instance, string where, List<string> errors)
    {
        var ok = format switch
        {
            "date-time" => instance.ValueKind != JsonValueKind.String
                || (DateTime.IsMatch(instance.GetString()!) && DateTimeOffset.TryParse(instance.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
            "uuid" => instance.ValueKind != JsonValueKind.String || Guid.TryParseExact(instance.GetString(), "D", out _),
            "uri" => instance.ValueKind != JsonValueKind.String || Uri.TryCreate(instance.GetString(), UriKind.Absolute, out _),
            "int64" => instance.ValueKind != JsonValueKind.Number || instance.TryGetInt64(out _),
            _ => throw new NotSupportedException($"{where}: the format '{format}' is not supported by this validator"),
        };
        if (!ok)
        {
            errors.Add($"{where}: {instance.GetRawText()} is not a {format}");
        }
    }

    private static bool IsType(string type, JsonElement instance) => type switch
    {
        "null" => instance.ValueKind == JsonValueKind.Null,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number
            && (instance.TryGetInt64(out _) || (instance.TryGetDecimal(out var d) && d == decimal.Truncate(d))),
        _ => throw new NotSupportedException($"unknown JSON Schema type '{type}'"),
    };

    private static string Describe(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Number => $"the number {instance.GetRawText()}",
        JsonValueKind.String => $"the string {instance.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {instance.GetRawText()}",
        _ => instance.ValueKind.ToString().ToLowerInvariant(),
    };
}
