using System.Buffers;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that hands out the smallest span allowed (the size hint, at least one
/// byte), so a writer that assumes more room than it asked for writes past its span and fails.
/// </summary>
internal sealed class ChunkedBufferWriter : IBufferWriter<byte>
{
    private readonly List<byte> _written = [];
    private byte[] _current = [];

    public byte[] Written => [.. _written];

    public int Chunks { get; private set; }

    public void Advance(int count)
    {
        Assert.InRange(count, 0, _current.Length);
        _written.AddRange(_current.AsSpan(0, count));
        _current = [];
        Chunks++;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _current = new byte[Math.Max(sizeHint, 1)];

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}
