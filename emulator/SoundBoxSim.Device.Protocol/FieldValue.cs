using System.Text.Json;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// One top-level property value as scanned: its JSON kind and, for strings, the text (unescaped) and, for
/// numbers, the raw digits as written, so "1.5" and "150000.0" can be told from integers.
/// </summary>
/// <param name="Kind">The JSON kind; <see cref="JsonValueKind.Undefined"/> when the property was absent.</param>
/// <param name="Text">The string value or the raw number text; null for other kinds.</param>
internal readonly record struct FieldValue(JsonValueKind Kind, string? Text)
{
    /// <summary>Whether the property was present with a value other than null (null counts as absent for optional fields).</summary>
    public bool HasValue => Kind is not (JsonValueKind.Undefined or JsonValueKind.Null);
}
