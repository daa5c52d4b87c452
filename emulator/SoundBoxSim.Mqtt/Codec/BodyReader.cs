using System.Buffers;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>
/// Reads the fields of one packet's variable header and payload, never past the frame: a field that would
/// run past the remaining length is a protocol violation, not a reason to wait for more bytes.
/// </summary>
internal ref struct BodyReader
{
    private readonly string _packet;
    private readonly long _length;
    private SequenceReader<byte> _reader;

    public BodyReader(ReadOnlySequence<byte> body, string packet)
    {
        _reader = new SequenceReader<byte>(body);
        _packet = packet;
        _length = body.Length;
    }

    public readonly bool End => _reader.End;

    public byte ReadByte(string field)
    {
        if (!_reader.TryRead(out var value))
        {
            throw Truncated(field, 1);
        }

        return value;
    }

    public ushort ReadUInt16(string field)
    {
        if (!_reader.TryReadBigEndian(out short value))
        {
            throw Truncated(field, 2);
        }

        return (ushort)value;
    }

    /// <summary>Reads a packet identifier, which is never 0 (MQTT-2.3.1-1).</summary>
    public ushort ReadPacketId()
    {
        var id = ReadUInt16("packet identifier");
        if (id == 0)
        {
            throw new MqttProtocolException(MqttRules.PacketIdNonZero, $"The {_packet} packet identifier is 0; it must be non-zero.");
        }

        return id;
    }

    /// <summary>Reads a length-prefixed UTF-8 string (section 1.5.3).</summary>
    public string ReadString(string field)
    {
        var length = ReadLength(field);
        var unread = _reader.UnreadSpan;
        var text = unread.Length >= length
            ? MqttString.Decode(unread[..length], $"The {_packet} {field}")
            : MqttString.Decode(Copy(length), $"The {_packet} {field}");
        _reader.Advance(length);
        return text;
    }

    /// <summary>Reads length-prefixed binary data (the Will message and the password, section 3.1.3).</summary>
    public byte[] ReadBinary(string field)
    {
        var bytes = Copy(ReadLength(field));
        _reader.Advance(bytes.Length);
        return bytes;
    }

    /// <summary>Reads everything left: the PUBLISH payload.</summary>
    public byte[] ReadToEnd()
    {
        var bytes = _reader.UnreadSequence.ToArray();
        _reader.AdvanceToEnd();
        return bytes;
    }

    /// <summary>Throws when bytes are left after the last field.</summary>
    public readonly void EnsureEnd()
    {
        if (!_reader.End)
        {
            throw new MqttProtocolException(
                MqttRules.ProtocolViolation,
                $"The {_packet} packet has {_reader.Remaining} byte(s) left over after its last field; its remaining length is {_length}.");
        }
    }

    private int ReadLength(string field)
    {
        var length = ReadUInt16($"{field} length");
        if (_reader.Remaining < length)
        {
            throw new MqttProtocolException(
                MqttRules.ProtocolViolation,
                $"The {_packet} {field} claims {length} bytes but only {_reader.Remaining} are left of the {_length}-byte remaining length.");
        }

        return length;
    }

    private readonly byte[] Copy(int length)
    {
        var bytes = new byte[length];
        _reader.TryCopyTo(bytes);
        return bytes;
    }

    private readonly MqttProtocolException Truncated(string field, int size) =>
        new(MqttRules.ProtocolViolation, $"The {_packet} packet ends inside its {field}: it needs {size} byte(s) but {_reader.Remaining} are left of the {_length}-byte remaining length.");
}
