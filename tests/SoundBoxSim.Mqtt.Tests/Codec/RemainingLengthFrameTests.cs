using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>
/// Whole frames at the remaining-length boundaries of table 2.4. A QoS 0 PUBLISH to "t" (00 01 74) carries the
/// rest as payload, so its remaining length is 3 plus the payload; a remaining length of 0 is a PINGREQ.
/// </summary>
public sealed class RemainingLengthFrameTests
{
    private const int MaxRemainingLength = 268_435_455;

    public static TheoryData<int, string> Headers => new()
    {
        { 0, "C0 00" },
        { 127, "30 7F 00 01 74" },
        { 128, "30 80 01 00 01 74" },
        { 16_383, "30 FF 7F 00 01 74" },
        { 16_384, "30 80 80 01 00 01 74" },
        { 2_097_151, "30 FF FF 7F 00 01 74" },
        { 2_097_152, "30 80 80 80 01 00 01 74" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void ToBytes_BoundaryRemainingLength_WritesSpecHeader(int remainingLength, string header)
    {
        var bytes = MqttPacketWriter.ToBytes(PacketWithRemainingLength(remainingLength));

        Assert.Equal(header, Hex.Of(bytes.AsSpan(0, Hex.Bytes(header).Length)));
        Assert.Equal(Hex.Bytes(header).Length + Math.Max(remainingLength - 3, 0), bytes.Length);
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void TryRead_BoundaryRemainingLength_ReadsPacket(int remainingLength, string header)
    {
        var frame = Hex.Bytes(header).Concat(new byte[Math.Max(remainingLength - 3, 0)]).ToArray();
        var reader = new MqttPacketReader();

        var input = TestSequence.Split(frame, 1, 2);

        Assert.True(reader.TryRead(input, out var consumed, out _, out var packet));
        Assert.Equal(PacketWithRemainingLength(remainingLength), packet);
        Assert.Equal(input.Length, input.GetOffset(consumed));
    }

    [Fact]
    public void Write_ProtocolMaximumRemainingLength_WritesFourLengthBytesAndWholePayload()
    {
        var packet = new PublishPacket("t", new byte[MaxRemainingLength - 3]);
        var output = new CountingBufferWriter(keep: 8);

        var written = MqttPacketWriter.Write(packet, output);

        Assert.Equal("30 FF FF FF 7F 00 01 74", Hex.Of(output.Head));
        Assert.Equal(1 + 4 + MaxRemainingLength, output.Count);
        Assert.Equal(output.Count, written);
    }

    [Fact]
    public void TryRead_ProtocolMaximumRemainingLength_ReadsWholePayload()
    {
        // 1 MiB of zeros shared by every segment keeps the input small; only the decoded payload is big.
        var zeros = new ReadOnlyMemory<byte>(new byte[1 << 20]);
        var payload = MaxRemainingLength - 3;
        var segments = new List<ReadOnlyMemory<byte>> { Hex.Bytes("30 FF FF FF 7F 00 01 74") };
        for (var left = payload; left > 0; left -= zeros.Length)
        {
            segments.Add(zeros[..Math.Min(left, zeros.Length)]);
        }

        Assert.True(new MqttPacketReader().TryRead(TestSequence.Create(segments), out _, out _, out var packet));
        Assert.Equal(payload, Assert.IsType<PublishPacket>(packet).Payload.Length);
    }

    [Fact]
    public void Write_RemainingLengthOverProtocolMaximum_Throws()
    {
        // 4,097 filters of 65,535 bytes share one string, so the oversize packet costs almost no memory.
        var filter = new string('f', ushort.MaxValue);
        var packet = new UnsubscribePacket(1, Enumerable.Repeat(filter, 4_097));

        var error = Assert.Throws<MqttProtocolException>(() => MqttPacketWriter.GetFrameSize(packet));

        Assert.Equal(MqttRules.RemainingLength, error.Rule);
    }

    private static MqttPacket PacketWithRemainingLength(int remainingLength) => remainingLength == 0
        ? PingReqPacket.Instance
        : new PublishPacket("t", new byte[remainingLength - 3]);
}
