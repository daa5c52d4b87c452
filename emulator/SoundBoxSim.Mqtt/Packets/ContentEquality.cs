namespace SoundBoxSim.Mqtt.Packets;

/// <summary>Content equality for the byte and list members records cannot compare on their own.</summary>
internal static class ContentEquality
{
    public static bool BytesEqual(ReadOnlyMemory<byte> left, ReadOnlyMemory<byte> right) =>
        left.Span.SequenceEqual(right.Span);

    public static bool BytesEqual(ReadOnlyMemory<byte>? left, ReadOnlyMemory<byte>? right) =>
        left.HasValue == right.HasValue && (!left.HasValue || BytesEqual(left.GetValueOrDefault(), right.GetValueOrDefault()));

    public static bool ListsEqual<T>(IReadOnlyList<T> left, IReadOnlyList<T> right) =>
        left.SequenceEqual(right);

    public static void AddBytes(ref HashCode hash, ReadOnlyMemory<byte>? bytes)
    {
        hash.Add(bytes.HasValue);
        hash.AddBytes(bytes.GetValueOrDefault().Span);
    }

    public static void AddList<T>(ref HashCode hash, IReadOnlyList<T> items)
    {
        foreach (var item in items)
        {
            hash.Add(item);
        }
    }

    public static IReadOnlyList<T> Freeze<T>(IEnumerable<T> items, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(items, parameterName);
        return Array.AsReadOnly(items.ToArray());
    }
}
