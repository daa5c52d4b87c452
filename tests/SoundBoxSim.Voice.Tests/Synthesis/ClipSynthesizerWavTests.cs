using System.Buffers;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice.Tests.Synthesis;

public sealed class ClipSynthesizerWavTests
{
    [Theory]
    [InlineData(150_000L)]
    [InlineData(999_999_999_999_999L)]
    public void WriteWav_IntoDirtyReusedBuffer_GivesTheSameFileAsSynthesizeThenEncode(long amount)
    {
        var pack = VoicePack.LoadBuiltIn(VietnameseRegion.North);
        var sut = new ClipSynthesizer(pack);
        var utterance = pack.Phrases.Render(PhraseKeys.AmountReceived, new PhraseArguments { Amount = amount }, pack.Style);
        var buffer = new ArrayBufferWriter<byte>();
        buffer.GetSpan(4 << 20).Fill(0xA5); // leftovers of an earlier, longer announcement
        buffer.ResetWrittenCount();

        var written = sut.WriteWav(utterance, buffer);

        var expected = WaveFile.ToBytes(sut.Synthesize(utterance));
        Assert.Equal(expected.Length, written);
        Assert.True(expected.AsSpan().SequenceEqual(buffer.WrittenSpan), "WriteWav differs from Synthesize + ToBytes");
        Assert.Equal(sut.Synthesize(utterance).Samples.Length, WaveFile.Parse(buffer.WrittenSpan).Samples.Length);
    }
}
