using System.Buffers;

namespace SoundBoxSim.Testing;

/// <summary>
/// Builds multi-segment <see cref="ReadOnlySequence{T}"/> values: the only way to reach a parser's
/// "frame split across buffers" paths, which a single array never exercises.
/// </summary>
public static class TestSequence
{
    /// <summary>A sequence with one segment per item of <paramref name="segments"/>, empty ones included.</summary>
    /// <param name="segments">The segments, in order.</param>
    /// <returns>The sequence; empty when there are no segments.</returns>
    public static ReadOnlySequence<T> Create<T>(params IEnumerable<ReadOnlyMemory<T>> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        Segment<T>? first = null;
        Segment<T>? last = null;
        foreach (var memory in segments)
        {
            var segment = new Segment<T>(memory, last);
            first ??= segment;
            last = segment;
        }

        return first is null ? ReadOnlySequence<T>.Empty : new ReadOnlySequence<T>(first, 0, last!, last!.Memory.Length);
    }

    /// <summary><paramref name="data"/> cut at each of <paramref name="offsets"/> (ascending, 0 to its length).</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="offsets">Where one segment ends and the next begins; repeats give empty segments.</param>
    /// <returns>The sequence.</returns>
    public static ReadOnlySequence<T> Split<T>(T[] data, params int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(offsets);
        var pieces = new List<ReadOnlyMemory<T>>(offsets.Length + 1);
        var start = 0;
        foreach (var offset in offsets)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(offset, start, nameof(offsets));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, data.Length, nameof(offsets));
            pieces.Add(data.AsMemory(start, offset - start));
            start = offset;
        }

        pieces.Add(data.AsMemory(start));
        return Create<T>(pieces);
    }

    /// <summary><paramref name="data"/> with every element in a segment of its own.</summary>
    /// <param name="data">The elements.</param>
    /// <returns>The sequence.</returns>
    public static ReadOnlySequence<T> OnePerSegment<T>(T[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Create(Enumerable.Range(0, data.Length).Select(i => (ReadOnlyMemory<T>)data.AsMemory(i, 1)));
    }

    private sealed class Segment<T> : ReadOnlySequenceSegment<T>
    {
        public Segment(ReadOnlyMemory<T> memory, Segment<T>? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
