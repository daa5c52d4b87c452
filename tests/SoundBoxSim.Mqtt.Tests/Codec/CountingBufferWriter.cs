using System.Buffers;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>Counts what is written and keeps only the first bytes, so huge frames need no huge output.</summary>
internal sealed class CountingBufferWriter(int keep) : IBufferWriter<byte>
{
    private readonly byte[] _scratch = new byte[64 * 1024];
    private readonly List<byte> _head = [];
    private byte[] _current = [];

    public long Count { get; private set; }

    public byte[] Head => [.. _head];

    public void Advance(int count)
    {
        var take = Math.Min(count, keep - _head.Count);
        _head.AddRange(_current.AsSpan(0, Math.Max(take, 0)));
        Count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) =>
        _current = sizeHint <= _scratch.Length ? _scratch : new byte[sizeHint];

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
