using System.Buffers;

namespace SoundBoxSim.MqttLoad;

/// <summary>Splits received bytes into MQTT packets: fixed header byte plus body, nothing more.</summary>
internal static class PacketReader
{
    public const byte ConnAck = 2;
    public const byte Publish = 3;
    public const byte PubAck = 4;
    public const byte SubAck = 9;
    public const byte PingResp = 13;

    /// <summary>Takes one whole packet off the front of <paramref name="buffer"/>, or returns false if it has not all arrived.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out byte header, out ReadOnlySequence<byte> body)
    {
        header = 0;
        body = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out header))
        {
            return false;
        }

        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (shift > 21)
            {
                throw new InvalidDataException("MQTT remaining length longer than 4 bytes.");
            }

            if (!reader.TryRead(out var digit))
            {
                return false;
            }

            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        body = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(body.End);
        return true;
    }

    /// <summary>The first two bytes of a body as a big-endian number (packet id, or topic length).</summary>
    public static ushort ReadUInt16(ReadOnlySequence<byte> body)
    {
        Span<byte> two = stackalloc byte[2];
        body.Slice(0, 2).CopyTo(two);
        return (ushort)((two[0] << 8) | two[1]);
    }

    /// <summary>The payload of a PUBLISH body and its packet id (0 at QoS 0).</summary>
    public static ReadOnlySequence<byte> PublishPayload(byte header, ReadOnlySequence<byte> body, out ushort packetId)
    {
        var qos = (header >> 1) & 0x03;
        var at = 2 + ReadUInt16(body);
        packetId = qos > 0 ? ReadUInt16(body.Slice(at)) : (ushort)0;
        return body.Slice(at + (qos > 0 ? 2 : 0));
    }
}
