using System.Buffers;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>An <see cref="IBufferWriter{T}"/> over an array already sized to the frame.</summary>
internal sealed class ArrayWriter(byte[] destination) : IBufferWriter<byte>
{
    private int _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => destination.AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => destination.AsSpan(_written);
}
