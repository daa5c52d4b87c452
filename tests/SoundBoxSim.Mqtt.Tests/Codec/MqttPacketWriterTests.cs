using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Codec;

public sealed class MqttPacketWriterTests
{
    public static TheoryData<string> Names => GoldenFrames.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Write_GoldenPacket_WritesSpecBytes(string name)
    {
        var output = new ArrayBufferWriter<byte>();

        var written = MqttPacketWriter.Write(GoldenFrames.Packet(name), output);

        Assert.Equal(GoldenFrames.All[name].Hex, Hex.Of(output.WrittenSpan));
        Assert.Equal(output.WrittenCount, written);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ToBytes_GoldenPacket_ReturnsSpecBytes(string name) =>
        Assert.Equal(GoldenFrames.All[name].Hex, Hex.Of(MqttPacketWriter.ToBytes(GoldenFrames.Packet(name))));

    [Theory]
    [MemberData(nameof(Names))]
    public void Write_SmallestSpansTheWriterAllows_WritesSpecBytes(string name)
    {
        var output = new ChunkedBufferWriter();

        MqttPacketWriter.Write(GoldenFrames.Packet(name), output);

        Assert.Equal(GoldenFrames.All[name].Hex, Hex.Of(output.Written));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GetFrameSize_GoldenPacket_IsFrameLength(string name) =>
        Assert.Equal(GoldenFrames.Bytes(name).Length, MqttPacketWriter.GetFrameSize(GoldenFrames.Packet(name)));

    [Fact]
    public void Write_PayloadSharingAnArray_WritesOnlyItsSlice()
    {
        var shared = "xxhiyy"u8.ToArray();

        var bytes = MqttPacketWriter.ToBytes(new PublishPacket("a/b", shared.AsMemory(2, 2)));

        Assert.Equal(GoldenFrames.All["PUBLISH QoS 0"].Hex, Hex.Of(bytes));
    }

    [Fact]
    public void Write_NullOutput_Throws() =>
        Assert.Throws<ArgumentNullException>(() => MqttPacketWriter.Write(PingReqPacket.Instance, null!));

    [Fact]
    public void Write_NullPacket_Throws() =>
        Assert.Throws<ArgumentNullException>(() => MqttPacketWriter.ToBytes(null!));
}
