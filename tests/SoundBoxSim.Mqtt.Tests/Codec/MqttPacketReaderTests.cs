using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Tests.Codec;

public sealed class MqttPacketReaderTests
{
    public static TheoryData<string> Names => GoldenFrames.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_GoldenFrame_ReturnsSpecPacketAndConsumesFrame(string name)
    {
        var input = new ReadOnlySequence<byte>(GoldenFrames.Bytes(name));

        var read = CreateSut().TryRead(input, out var consumed, out var examined, out var packet);

        Assert.True(read);
        Assert.Equal(GoldenFrames.Packet(name), packet);
        Assert.Equal(input.Length, input.GetOffset(consumed));
        Assert.Equal(input.Length, input.GetOffset(examined));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_GoldenFrameSplitAtEveryOffset_ReturnsSpecPacket(string name)
    {
        var bytes = GoldenFrames.Bytes(name);
        var sut = CreateSut();

        for (var cut = 0; cut <= bytes.Length; cut++)
        {
            for (var second = cut; second <= bytes.Length; second++)
            {
                var input = TestSequence.Split(bytes, cut, second);

                Assert.True(sut.TryRead(input, out var consumed, out _, out var packet), $"split at {cut} and {second}");
                Assert.Equal(GoldenFrames.Packet(name), packet);
                Assert.Equal(input.Length, input.GetOffset(consumed));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_GoldenFrameOneBytePerSegment_ReturnsSpecPacket(string name)
    {
        var input = TestSequence.OnePerSegment(GoldenFrames.Bytes(name));

        Assert.True(CreateSut().TryRead(input, out _, out _, out var packet));
        Assert.Equal(GoldenFrames.Packet(name), packet);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TryRead_GoldenFrameFedOneByteAtATime_NeedsMoreUntilLastByte(string name)
    {
        var bytes = GoldenFrames.Bytes(name);
        var sut = CreateSut();

        for (var length = 0; length < bytes.Length; length++)
        {
            var partial = TestSequence.OnePerSegment(bytes[..length]);

            Assert.False(sut.TryRead(partial, out var consumed, out var examined, out var none), $"{length} of {bytes.Length} bytes");
            Assert.Null(none);
            Assert.Equal(partial.Start, consumed);
            Assert.Equal(partial.End, examined);
        }

        Assert.True(sut.TryRead(TestSequence.OnePerSegment(bytes), out _, out _, out var packet));
        Assert.Equal(GoldenFrames.Packet(name), packet);
    }

    [Fact]
    public void TryRead_AllGoldenFramesBackToBack_ReadsEachInOrderAndSlicesBuffer()
    {
        var frames = GoldenFrames.All.Values.ToArray();
        var stream = frames.SelectMany(f => Hex.Bytes(f.Hex)).ToArray();
        var buffer = TestSequence.Split(stream, stream.Length / 3, stream.Length / 2);
        var sut = CreateSut();
        var packets = new List<MqttPacket>();

        while (sut.TryRead(ref buffer, out var packet))
        {
            packets.Add(packet);
        }

        Assert.Equal(frames.Select(f => f.Packet), packets);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryRead_IncompleteFrame_LeavesBufferUnchanged()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes("30 07 00 03 61 2F 62 68"));
        var before = buffer;

        Assert.False(CreateSut().TryRead(ref buffer, out var packet));
        Assert.Null(packet);
        Assert.Equal(before.Start, buffer.Start);
        Assert.Equal(before.End, buffer.End);
    }

    [Fact]
    public void TryRead_EmptyInput_NeedsMore() =>
        Assert.False(CreateSut().TryRead(ReadOnlySequence<byte>.Empty, out _, out _, out _));

    [Theory]
    [InlineData("30")]
    [InlineData("30 80")]
    [InlineData("30 80 80")]
    [InlineData("30 80 80 80")]
    public void TryRead_EndsInsideRemainingLength_NeedsMore(string hex) =>
        Assert.False(CreateSut().TryRead(TestSequence.OnePerSegment(Hex.Bytes(hex)), out _, out _, out _));

    [Fact]
    public void TryRead_RemainingLengthSplitAcrossSegments_ReturnsPacket()
    {
        // Remaining length 128 is 80 01 (table 2.4); the cut falls between those two bytes.
        var frame = Hex.Bytes("30 80 01 00 01 74").Concat(new byte[125]).ToArray();

        Assert.True(CreateSut().TryRead(TestSequence.Split(frame, 2), out _, out _, out var packet));
        Assert.Equal(125, Assert.IsType<PublishPacket>(packet).Payload.Length);
    }

    [Fact]
    public void TryRead_FourthLengthByteContinues_ThrowsWithoutWaitingForFifth()
    {
        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes("30 FF FF FF 80")), out _, out _, out _));

        Assert.Equal(MqttRules.RemainingLength, error.Rule);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("F0")]
    [InlineData("60")]
    [InlineData("36")]
    public void TryRead_BadFirstByteAlone_ThrowsWithoutWaitingForLength(string hex) =>
        Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes(hex)), out _, out _, out _));

    [Fact]
    public void TryRead_OversizeRemainingLength_ThrowsFromHeaderAlone()
    {
        // Remaining length 99 (0x63) makes a 101-byte frame; only the two header bytes have arrived.
        var sut = new MqttPacketReader(maximumPacketSize: 100);

        var error = Assert.Throws<MqttProtocolException>(() => sut.TryRead(new ReadOnlySequence<byte>(Hex.Bytes("30 63")), out _, out _, out _));

        Assert.Equal(MqttRules.MaximumPacketSize, error.Rule);
        Assert.Contains("101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ProtocolMaximumRemainingLengthWithSmallerLimit_ThrowsFromHeaderAlone()
    {
        var error = Assert.Throws<MqttProtocolException>(() => CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes("30 FF FF FF 7F")), out _, out _, out _));

        Assert.Equal(MqttRules.MaximumPacketSize, error.Rule);
    }

    [Fact]
    public void TryRead_FrameExactlyAtLimit_ReturnsPacket()
    {
        var frame = Hex.Bytes("30 62 00 01 74").Concat(new byte[95]).ToArray();

        Assert.True(new MqttPacketReader(maximumPacketSize: 100).TryRead(new ReadOnlySequence<byte>(frame), out _, out _, out var packet));
        Assert.Equal(95, Assert.IsType<PublishPacket>(packet).Payload.Length);
    }

    [Fact]
    public void TryRead_NonMinimalRemainingLength_IsAccepted()
    {
        // 3.1.1 does not require the shortest encoding (5.0 does, MQTT-1.5.5-1): 80 00 is a remaining length of 0.
        Assert.True(CreateSut().TryRead(new ReadOnlySequence<byte>(Hex.Bytes("C0 80 00")), out _, out _, out var packet));
        Assert.Equal(PingReqPacket.Instance, packet);
    }

    [Fact]
    public void TryRead_InputChangedAfterRead_PacketKeepsItsBytes()
    {
        var bytes = GoldenFrames.Bytes("PUBLISH QoS 0");
        CreateSut().TryRead(new ReadOnlySequence<byte>(bytes), out _, out _, out var packet);

        Array.Clear(bytes);

        Assert.Equal(GoldenFrames.Packet("PUBLISH QoS 0"), packet);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(MqttPacketReader.ProtocolMaximumPacketSize + 1)]
    public void Ctor_MaximumOutOfRange_Throws(int maximum) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MqttPacketReader(maximum));

    [Fact]
    public void Ctor_Default_AcceptsProtocolMaximum() =>
        Assert.Equal(268_435_460, new MqttPacketReader().MaximumPacketSize);

    private static MqttPacketReader CreateSut() => new(maximumPacketSize: 64 * 1024);
}
