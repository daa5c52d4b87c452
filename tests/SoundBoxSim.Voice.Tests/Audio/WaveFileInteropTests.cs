using System.Buffers.Binary;
using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;

namespace SoundBoxSim.Voice.Tests.Audio;

/// <summary>Reads files written by other programs (sox, espeak-ng) rather than by our own writer.</summary>
public sealed class WaveFileInteropTests
{
    private readonly string _folder = RepoPaths.NewTempFolder("wave-interop");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_SoxMono16Bit_GivesRateAndTheSamplesSoxWrote()
    {
        var wav = Path.Combine(_folder, "mono.wav");
        var raw = Path.Combine(_folder, "mono.raw");
        // -D: no dither, so the same synthesis gives the same samples in both files.
        await Sox.RunAsync(["-D", "-n", "-r", "16000", "-b", "16", "-c", "1", wav, "synth", "0.5", "sine", "440"], Token);
        await Sox.RunAsync(["-D", "-n", "-r", "16000", "-b", "16", "-c", "1", "-e", "signed-integer", "-t", "raw", raw, "synth", "0.5", "sine", "440"], Token);

        var audio = await WaveFile.ReadAsync(wav, Token);

        Assert.Equal(16_000, audio.SampleRate);
        Assert.Equal(8_000, audio.Samples.Length);
        Assert.Equal(WaveBytes.ReadPcm16(await File.ReadAllBytesAsync(raw, Token)), audio.Samples.ToArray());
        Assert.InRange(audio.Peak(), 20_000, 32_767);
    }

    [Fact]
    public async Task ReadAsync_SoxStereoSameOnBothChannels_MixesDownToTheMonoSignal()
    {
        var stereo = Path.Combine(_folder, "stereo.wav");
        var mono = Path.Combine(_folder, "mono.wav");
        await Sox.RunAsync(["-D", "-n", "-r", "16000", "-b", "16", "-c", "2", stereo, "synth", "0.5", "sine", "440"], Token);
        await Sox.RunAsync(["-D", "-n", "-r", "16000", "-b", "16", "-c", "1", mono, "synth", "0.5", "sine", "440"], Token);

        var mixed = await WaveFile.ReadAsync(stereo, Token);

        Assert.Equal(16_000, mixed.SampleRate);
        Assert.Equal((await WaveFile.ReadAsync(mono, Token)).Samples.ToArray(), mixed.Samples.ToArray());
    }

    [Fact]
    public async Task ReadAsync_SoxStereoDifferentChannels_GivesTheAverageOfLeftAndRight()
    {
        var wav = Path.Combine(_folder, "stereo.wav");
        var raw = Path.Combine(_folder, "stereo.raw");
        // Left 440 Hz, right 1000 Hz.
        string[] synth = ["synth", "0.25", "sine", "440", "sine", "1000"];
        await Sox.RunAsync(["-D", "-n", "-r", "8000", "-b", "16", "-c", "2", wav, .. synth], Token);
        await Sox.RunAsync(["-D", "-n", "-r", "8000", "-b", "16", "-c", "2", "-e", "signed-integer", "-t", "raw", raw, .. synth], Token);
        var frames = WaveBytes.ReadPcm16(await File.ReadAllBytesAsync(raw, Token));

        var mixed = (await WaveFile.ReadAsync(wav, Token)).Samples.ToArray();

        Assert.Equal(frames.Length / 2, mixed.Length);
        Assert.Equal(2_000, mixed.Length);
        Assert.NotEqual(frames[2], frames[3]); // the channels really differ
        for (var i = 0; i < mixed.Length; i++)
        {
            var average = (frames[2 * i] + frames[(2 * i) + 1]) / 2.0;
            Assert.True(Math.Abs(mixed[i] - average) <= 0.5, $"frame {i}: ({frames[2 * i]}, {frames[(2 * i) + 1]}) mixed to {mixed[i]}");
        }
    }

    [Fact]
    public async Task ReadAsync_Sox8Bit_ThrowsInvalidWaveFileExceptionNamingTheBitDepth()
    {
        var wav = Path.Combine(_folder, "8bit.wav");
        await Sox.RunAsync(["-n", "-r", "16000", "-b", "8", "-c", "1", wav, "synth", "0.5", "sine", "440"], Token);

        var exception = await Assert.ThrowsAsync<InvalidWaveFileException>(() => WaveFile.ReadAsync(wav, Token));

        Assert.Contains("8-bit", exception.Message, StringComparison.Ordinal);
        Assert.Contains("only 16-bit PCM", exception.Message, StringComparison.Ordinal);
        Assert.Contains("-b 16", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("24-bit (extensible)", new[] { "-b", "24", "-c", "1" }, "24-bit")]
    [InlineData("3 channels (extensible)", new[] { "-b", "16", "-c", "3" }, "3 channels")]
    [InlineData("32-bit float", new[] { "-e", "floating-point", "-b", "32", "-c", "1" }, "audio format is 3")]
    [InlineData("u-law", new[] { "-e", "u-law", "-c", "1" }, "audio format is 7")]
    public async Task ReadAsync_SoxUnsupportedFormats_ThrowInvalidWaveFileException(string description, string[] format, string expected)
    {
        var wav = Path.Combine(_folder, "unsupported.wav");
        await Sox.RunAsync(["-n", "-r", "16000", .. format, wav, "synth", "0.1", "sine", "440"], Token);

        var exception = await Assert.ThrowsAsync<InvalidWaveFileException>(() => WaveFile.ReadAsync(wav, Token));

        Assert.True(exception.Message.Contains(expected, StringComparison.Ordinal), $"{description}: {exception.Message}");
    }

    [Fact]
    public async Task Parse_SoxSamplesUnderAnExtensibleHeader_GivesTheSameAudio()
    {
        var wav = Path.Combine(_folder, "mono.wav");
        await Sox.RunAsync(["-D", "-n", "-r", "16000", "-b", "16", "-c", "1", wav, "synth", "0.1", "sine", "440"], Token);
        var bytes = await File.ReadAllBytesAsync(wav, Token);
        var extensible = WaveBytes.Riff(WaveBytes.FmtExtensible(WaveBytes.FormatPcm), new Chunk("data", bytes[44..]));

        var expected = WaveFile.Parse(bytes).Samples.ToArray();

        Assert.Equal(1_600, expected.Length);
        Assert.Equal(expected, WaveFile.Parse(extensible).Samples.ToArray());
    }

    [Fact]
    public async Task ReadAsync_EspeakStdoutWithPlaceholderDataSize_ReadsEverySampleInTheFile()
    {
        var espeak = ExternalTool.Require("espeak-ng", "espeak-ng");
        var streamed = Path.Combine(_folder, "stdout.wav");
        var seekable = Path.Combine(_folder, "file.wav");
        // espeak-ng --stdout cannot seek back to write the real sizes, so it leaves 0x7FFFF000-ish placeholders.
        (await ProcessRunner.RunAsync("/bin/sh", ["-c", "\"$0\" -v vi --stdout -- \"$1\" > \"$2\"", espeak, "xin chào", streamed], cancellationToken: Token))
            .EnsureSuccess("espeak-ng --stdout");
        (await ProcessRunner.RunAsync(espeak, ["-v", "vi", "-w", seekable, "--", "xin chào"], cancellationToken: Token))
            .EnsureSuccess("espeak-ng -w");
        var bytes = await File.ReadAllBytesAsync(streamed, Token);
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
        Assert.True(bytes.AsSpan(36, 4).SequenceEqual("data"u8), "espeak-ng no longer writes a canonical 44-byte header");
        Assert.True(declared > 0x7FFF_0000u && declared > bytes.Length, $"espeak-ng declared {declared} data bytes in a {bytes.Length}-byte file");

        var audio = WaveFile.Parse(bytes);

        Assert.Equal(22_050, audio.SampleRate);
        Assert.Equal((bytes.Length - 44) / 2, audio.Samples.Length);
        Assert.Equal((await WaveFile.ReadAsync(seekable, Token)).Samples.ToArray(), audio.Samples.ToArray());
        Assert.True(audio.Peak() > 1_000, $"peak {audio.Peak()}");
    }
}
