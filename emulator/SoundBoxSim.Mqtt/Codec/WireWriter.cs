using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>Writes the wire's field types into an <see cref="IBufferWriter{T}"/> (MQTT 3.1.1 sections 1.5.2, 1.5.3).</summary>
internal static class WireWriter
{
    public static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    public static void WriteUInt16(IBufferWriter<byte> output, ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(output.GetSpan(2), value);
        output.Advance(2);
    }

    /// <summary>Writes a length-prefixed string already checked by <see cref="MqttString.GetByteCount"/>.</summary>
    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(value, span[2..]);
        output.Advance(2 + length);
    }

    /// <summary>Writes length-prefixed binary data of at most 65,535 bytes.</summary>
    public static void WriteBinary(IBufferWriter<byte> output, ReadOnlySpan<byte> value)
    {
        WriteUInt16(output, (ushort)value.Length);
        output.Write(value);
    }
}
