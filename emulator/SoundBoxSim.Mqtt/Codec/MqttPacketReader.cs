using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>
/// Decodes MQTT 3.1.1 packets from a <see cref="ReadOnlySequence{T}"/>, with the parsing contract of
/// Kestrel and Bedrock: it returns <see langword="false"/> while a frame is incomplete and throws
/// <see cref="MqttProtocolException"/> as soon as the bytes seen break a rule. Frames may be split anywhere
/// across segments, the remaining-length bytes included.
/// </summary>
/// <remarks>
/// <para>
/// No I/O and no state between calls: one instance may serve many connections at once. A PipeReader loop
/// calls <see cref="TryRead(in ReadOnlySequence{byte}, out SequencePosition, out SequencePosition, out MqttPacket)"/>
/// and passes the two positions to <c>AdvanceTo</c>.
/// </para>
/// <para>
/// What is checked before the body is buffered: the packet type and fixed-header flags (first byte), the
/// remaining-length encoding, <see cref="MaximumPacketSize"/>, and the length of fixed-size packets. Decoded
/// packets own their bytes; nothing refers back to the input buffer.
/// </para>
/// </remarks>
public sealed class MqttPacketReader
{
    /// <summary>The largest frame MQTT 3.1.1 can express: 1 type byte, 4 length bytes and 268,435,455 body bytes.</summary>
    public const int ProtocolMaximumPacketSize = 1 + VariableByteInteger.MaxSize + VariableByteInteger.MaxValue;

    /// <summary>The smallest frame: a type byte and a zero remaining length.</summary>
    public const int MinimumPacketSize = 2;

    /// <summary>Creates a reader that accepts frames of up to <paramref name="maximumPacketSize"/> bytes.</summary>
    /// <param name="maximumPacketSize">
    /// The largest whole frame (fixed header included) to accept, from <see cref="MinimumPacketSize"/> to
    /// <see cref="ProtocolMaximumPacketSize"/>. The default is <see cref="ProtocolMaximumPacketSize"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">The size is outside that range.</exception>
    public MqttPacketReader(int maximumPacketSize = ProtocolMaximumPacketSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPacketSize, MinimumPacketSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximumPacketSize, ProtocolMaximumPacketSize);
        MaximumPacketSize = maximumPacketSize;
    }

    /// <summary>The largest whole frame, in bytes, this reader accepts; a larger one is rejected from its header alone.</summary>
    public int MaximumPacketSize { get; }

    /// <summary>Reads the first packet of <paramref name="input"/> (the Bedrock <c>IMessageReader</c> shape).</summary>
    /// <param name="input">The bytes received and not yet consumed.</param>
    /// <param name="consumed">
    /// Where the next read starts: the end of the frame on success, <paramref name="input"/>'s start otherwise.
    /// </param>
    /// <param name="examined">
    /// How far the reader looked: the end of the frame on success, <paramref name="input"/>'s end otherwise,
    /// so a pipe waits for more bytes before calling again.
    /// </param>
    /// <param name="packet">The packet, when one was read.</param>
    /// <returns><see langword="true"/> when a whole packet was read; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="MqttProtocolException">The bytes break an MQTT 3.1.1 rule or the maximum packet size.</exception>
    public bool TryRead(
        in ReadOnlySequence<byte> input,
        out SequencePosition consumed,
        out SequencePosition examined,
        [NotNullWhen(true)] out MqttPacket? packet)
    {
        if (TryReadFrame(input, out packet, out var end))
        {
            consumed = examined = end;
            return true;
        }

        consumed = input.Start;
        examined = input.End;
        return false;
    }

    /// <summary>
    /// Reads the first packet of <paramref name="buffer"/> and, on success, slices it off, the way
    /// System.IO.Pipelines samples parse lines: loop while this returns <see langword="true"/>, then call
    /// <c>AdvanceTo(buffer.Start, buffer.End)</c>.
    /// </summary>
    /// <param name="buffer">The bytes received; on success it starts after the packet read, else it is unchanged.</param>
    /// <param name="packet">The packet, when one was read.</param>
    /// <returns><see langword="true"/> when a whole packet was read; <see langword="false"/> when more bytes are needed.</returns>
    /// <exception cref="MqttProtocolException">The bytes break an MQTT 3.1.1 rule or the maximum packet size.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet)
    {
        if (!TryReadFrame(buffer, out packet, out var end))
        {
            return false;
        }

        buffer = buffer.Slice(end);
        return true;
    }

    private bool TryReadFrame(in ReadOnlySequence<byte> input, [NotNullWhen(true)] out MqttPacket? packet, out SequencePosition end)
    {
        packet = null;
        end = default;
        var reader = new SequenceReader<byte>(input);
        if (!reader.TryRead(out var first))
        {
            return false;
        }

        PacketDecoder.CheckFirstByte(first);
        if (!VariableByteInteger.TryRead(ref reader, out var remainingLength))
        {
            return false;
        }

        var type = (MqttPacketType)(first >> 4);
        var frameSize = reader.Consumed + remainingLength;
        if (frameSize > MaximumPacketSize)
        {
            throw new MqttProtocolException(
                MqttRules.MaximumPacketSize,
                $"The {PacketNames.Of(type)} packet is {frameSize} bytes (remaining length {remainingLength}); this reader accepts at most {MaximumPacketSize}.");
        }

        PacketDecoder.CheckRemainingLength(type, remainingLength);
        if (reader.Remaining < remainingLength)
        {
            return false;
        }

        var body = input.Slice(reader.Position, remainingLength);
        packet = PacketDecoder.Decode(first, body);
        end = body.End;
        return true;
    }
}
