using System.Buffers;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>The remaining-length boundaries of MQTT 3.1.1 table 2.4, with the bytes the table gives.</summary>
public sealed class VariableByteIntegerTests
{
    public static TheoryData<int, string> Boundaries => new()
    {
        { 0, "00" },
        { 127, "7F" },
        { 128, "80 01" },
        { 16_383, "FF 7F" },
        { 16_384, "80 80 01" },
        { 2_097_151, "FF FF 7F" },
        { 2_097_152, "80 80 80 01" },
        { 268_435_455, "FF FF FF 7F" },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Write_Boundary_WritesSpecBytes(int value, string hex)
    {
        var buffer = new byte[VariableByteInteger.MaxSize];

        var written = VariableByteInteger.Write(buffer, value);

        Assert.Equal(hex, Hex.Of(buffer.AsSpan(0, written)));
        Assert.Equal(written, VariableByteInteger.GetSize(value));
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void TryRead_SpecBytesOnePerSegment_ReadsBoundary(int value, string hex)
    {
        var reader = new SequenceReader<byte>(TestSequence.OnePerSegment(Hex.Bytes(hex)));

        Assert.True(VariableByteInteger.TryRead(ref reader, out var read));
        Assert.Equal(value, read);
        Assert.True(reader.End);
    }

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void TryRead_SpecBytesMissingLast_NeedsMore(int value, string hex)
    {
        var bytes = Hex.Bytes(hex);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, bytes.Length - 1));

        Assert.False(VariableByteInteger.TryRead(ref reader, out _), $"{value}");
    }

    [Fact]
    public void TryRead_FifthByte_Throws()
    {
        var error = Assert.Throws<MqttProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Bytes("FF FF FF FF 01")));
            VariableByteInteger.TryRead(ref reader, out _);
        });

        Assert.Equal(MqttRules.RemainingLength, error.Rule);
    }
}
