using System.Buffers.Binary;
using System.Text;

namespace SoundBoxSim.MqttLoad;

/// <summary>The few MQTT 3.1.1 frames the generator sends, built by hand (spec section 3).</summary>
internal static class Frames
{
    public const int PubAckLength = 4;

    public static ReadOnlyMemory<byte> PingReq { get; } = new byte[] { 0xC0, 0x00 };

    public static ReadOnlyMemory<byte> Disconnect { get; } = new byte[] { 0xE0, 0x00 };

    /// <summary>CONNECT with protocol level 4, clean session, no will, no credentials.</summary>
    public static byte[] Connect(string clientId, ushort keepAliveSeconds)
    {
        var id = Encoding.UTF8.GetBytes(clientId);
        var body = new byte[10 + 2 + id.Length];
        "\0\u0004MQTT"u8.CopyTo(body);
        body[6] = 4;    // protocol level 3.1.1
        body[7] = 0x02; // clean session
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(8), keepAliveSeconds);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(10), (ushort)id.Length);
        id.CopyTo(body, 12);
        return WithHeader(0x10, body);
    }

    /// <summary>SUBSCRIBE to one filter.</summary>
    public static byte[] Subscribe(ushort packetId, string filter, byte qos)
    {
        var topic = Encoding.UTF8.GetBytes(filter);
        var body = new byte[2 + 2 + topic.Length + 1];
        BinaryPrimitives.WriteUInt16BigEndian(body, packetId);
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(2), (ushort)topic.Length);
        topic.CopyTo(body, 4);
        body[^1] = qos;
        return WithHeader(0x82, body); // SUBSCRIBE's reserved flags are 0010
    }

    /// <summary>The length of a PUBLISH frame, header included.</summary>
    public static int PublishLength(int topicLength, byte qos, int payloadLength)
    {
        var remaining = 2 + topicLength + (qos > 0 ? 2 : 0) + payloadLength;
        return 1 + VarIntLength(remaining) + remaining;
    }

    /// <summary>Writes a PUBLISH (not retained, not dup) and returns the offset of its payload in <paramref name="destination"/>.</summary>
    public static int WritePublish(Span<byte> destination, ReadOnlySpan<byte> topic, byte qos, ushort packetId, ReadOnlySpan<byte> payload)
    {
        var remaining = 2 + topic.Length + (qos > 0 ? 2 : 0) + payload.Length;
        destination[0] = (byte)(0x30 | (qos << 1));
        var at = 1 + WriteVarInt(destination[1..], remaining);
        BinaryPrimitives.WriteUInt16BigEndian(destination[at..], (ushort)topic.Length);
        at += 2;
        topic.CopyTo(destination[at..]);
        at += topic.Length;
        if (qos > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], packetId);
            at += 2;
        }

        payload.CopyTo(destination[at..]);
        return at;
    }

    public static void WritePubAck(Span<byte> destination, ushort packetId)
    {
        destination[0] = 0x40;
        destination[1] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], packetId);
    }

    private static byte[] WithHeader(byte header, byte[] body)
    {
        var frame = new byte[1 + VarIntLength(body.Length) + body.Length];
        frame[0] = header;
        var at = 1 + WriteVarInt(frame.AsSpan(1), body.Length);
        body.CopyTo(frame, at);
        return frame;
    }

    private static int VarIntLength(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    private static int WriteVarInt(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            destination[i++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);
        return i;
    }
}
