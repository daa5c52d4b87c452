using System.Buffers.Binary;
using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;

namespace SoundBoxSim.Voice.Tests.Audio;

public sealed class WaveFileTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // ---- writing ------------------------------------------------------------------------------------

    [Fact]
    public void ToBytes_ThreeSamples_WritesCanonicalRiffWaveHeaderByteForByte()
    {
        var audio = new PcmAudio(22_050, new short[] { 1, -2, 300 });

        var bytes = WaveFile.ToBytes(audio);

        // Values from the RIFF/WAVE spec for 16-bit mono PCM at 22,050 Hz with 3 samples (6 data bytes):
        // RIFF size = 4 ("WAVE") + 8 + 16 (fmt chunk) + 8 + 6 (data chunk) = 42 = 0x2A;
        // byte rate = 22,050 * 1 channel * 2 bytes = 44,100 = 0xAC44; block align = 2; 22,050 = 0x5622.
        byte[] expected =
        [
            0x52, 0x49, 0x46, 0x46,         // "RIFF"
            0x2A, 0x00, 0x00, 0x00,         // RIFF chunk size 42
            0x57, 0x41, 0x56, 0x45,         // "WAVE"
            0x66, 0x6D, 0x74, 0x20,         // "fmt "
            0x10, 0x00, 0x00, 0x00,         // fmt chunk size 16
            0x01, 0x00,                     // wFormatTag WAVE_FORMAT_PCM
            0x01, 0x00,                     // nChannels 1
            0x22, 0x56, 0x00, 0x00,         // nSamplesPerSec 22050
            0x44, 0xAC, 0x00, 0x00,         // nAvgBytesPerSec 44100
            0x02, 0x00,                     // nBlockAlign 2
            0x10, 0x00,                     // wBitsPerSample 16
            0x64, 0x61, 0x74, 0x61,         // "data"
            0x06, 0x00, 0x00, 0x00,         // data chunk size 6
            0x01, 0x00,                     // 1
            0xFE, 0xFF,                     // -2
            0x2C, 0x01,                     // 300
        ];
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(8_000)]
    [InlineData(24_000)]
    [InlineData(44_100)]
    [InlineData(384_000)]
    public void ToBytes_AnyRate_HeaderSizesFollowTheSpec(int rate)
    {
        var bytes = WaveFile.ToBytes(new PcmAudio(rate, new short[101]));

        Assert.Equal(44 + 202, bytes.Length);
        Assert.Equal((uint)(bytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((uint)rate, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal((uint)rate * 2, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(202u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
    }

    [Fact]
    public void ToBytes_NoSamples_WritesHeaderWithEmptyData()
    {
        var bytes = WaveFile.ToBytes(new PcmAudio(16_000, ReadOnlyMemory<short>.Empty));

        Assert.Equal(44, bytes.Length);
        Assert.Equal(36u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Empty(WaveFile.Parse(bytes).Samples.ToArray());
    }

    [Theory]
    [InlineData(1_000, 0)]
    [InlineData(8_000, 1)]
    [InlineData(22_050, 4_410)]
    [InlineData(48_000, 12_345)]
    [InlineData(384_000, 7)]
    public void Parse_WhatToBytesWrote_GivesTheSameRateAndSamples(int rate, int count)
    {
        var random = new Random(rate + count);
        var samples = Enumerable.Range(0, count).Select(_ => (short)random.Next(short.MinValue, short.MaxValue + 1)).ToArray();
        if (count > 2)
        {
            samples[0] = short.MinValue;
            samples[1] = short.MaxValue;
        }

        var read = WaveFile.Parse(WaveFile.ToBytes(new PcmAudio(rate, samples)));

        Assert.Equal(rate, read.SampleRate);
        Assert.Equal(samples, read.Samples.ToArray());
    }

    [Fact]
    public async Task ReadAsync_FileWrittenByWriteAsync_GivesTheSameAudio()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("wave"), "tone.wav");
        var samples = WaveBytes.Tone(1_234);

        await WaveFile.WriteAsync(path, new PcmAudio(24_000, samples), Token);
        var read = await WaveFile.ReadAsync(path, Token);

        Assert.Equal(44 + (1_234 * 2), new FileInfo(path).Length);
        Assert.Equal(24_000, read.SampleRate);
        Assert.Equal(samples, read.Samples.ToArray());
    }

    [Fact]
    public async Task WriteAsync_ExistingFile_ReplacesIt()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("wave"), "tone.wav");
        await File.WriteAllBytesAsync(path, new byte[10_000], Token);

        await WaveFile.WriteAsync(path, new PcmAudio(8_000, new short[] { 5 }), Token);

        Assert.Equal(46, new FileInfo(path).Length);
        Assert.Equal(new short[] { 5 }, (await WaveFile.ReadAsync(path, Token)).Samples.ToArray());
    }

    [Fact]
    public async Task ReadAsync_NotAWav_ThrowsInvalidWaveFileException()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("wave"), "text.wav");
        await File.WriteAllTextAsync(path, "this is not audio", Token);

        await Assert.ThrowsAsync<InvalidWaveFileException>(() => WaveFile.ReadAsync(path, Token));
    }

    // ---- reading unusual but valid files ------------------------------------------------------------

    [Fact]
    public void Parse_StereoFromSpec_MixesDownToMonoByAveraging()
    {
        // Frames (left, right).
        var file = WaveBytes.Riff(WaveBytes.Fmt(channels: 2), WaveBytes.Data(
            1_000, 3_000,
            -100, 100,
            short.MaxValue, short.MaxValue,
            short.MinValue, short.MinValue,
            -4_000, 0));

        var audio = WaveFile.Parse(file);

        Assert.Equal(16_000, audio.SampleRate);
        Assert.Equal(new short[] { 2_000, 0, short.MaxValue, short.MinValue, -2_000 }, audio.Samples.ToArray());
    }

    [Fact]
    public void Parse_UnknownChunksBeforeFmtAndData_SkipsThem()
    {
        var list = new Chunk("LIST", "INFOISFT\u0006\0\0\0Lavf\0\0"u8.ToArray());
        var file = WaveBytes.Riff(list, WaveBytes.Fmt(), new Chunk("fact", WaveBytes.UInt32(3)), WaveBytes.Data(7, 8, 9));

        Assert.Equal(new short[] { 7, 8, 9 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Fact]
    public void Parse_OddLengthChunkWithPadByte_SkipsThePadByte()
    {
        var odd = new Chunk("junk", [1, 2, 3]); // 3 bytes + 1 pad byte
        var file = WaveBytes.Riff(odd, WaveBytes.Fmt(rate: 11_025), new Chunk("note", [0x41]), WaveBytes.Data(-1, 1));

        Assert.Equal(12 + 8 + 4 + 8 + 16 + 8 + 2 + 8 + 4, file.Length);
        var audio = WaveFile.Parse(file);
        Assert.Equal(11_025, audio.SampleRate);
        Assert.Equal(new short[] { -1, 1 }, audio.Samples.ToArray());
    }

    [Fact]
    public void Parse_FmtChunkWithExtraBytes_ReadsIt()
    {
        // WAVEFORMATEX: the 16 PCM bytes plus cbSize = 0, as some writers (and sox for float) emit.
        var fmt = WaveBytes.Fmt();
        var file = WaveBytes.Riff(fmt with { Body = [.. fmt.Body, 0, 0] }, WaveBytes.Data(42));

        Assert.Equal(new short[] { 42 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Fact]
    public void Parse_ExtensibleWithPcmSubFormat_ReadsIt()
    {
        var file = WaveBytes.Riff(WaveBytes.FmtExtensible(WaveBytes.FormatPcm, rate: 48_000), WaveBytes.Data(10, -10, 20));

        var audio = WaveFile.Parse(file);

        Assert.Equal(48_000, audio.SampleRate);
        Assert.Equal(new short[] { 10, -10, 20 }, audio.Samples.ToArray());
    }

    [Fact]
    public void Parse_ExtensibleStereoPcm_MixesDown()
    {
        var file = WaveBytes.Riff(WaveBytes.FmtExtensible(WaveBytes.FormatPcm, channels: 2), WaveBytes.Data(100, 300, -50, -150));

        Assert.Equal(new short[] { 200, -100 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Fact]
    public void Parse_WrongRiffSize_IgnoresIt()
    {
        var file = WaveBytes.Riff([WaveBytes.Fmt(), WaveBytes.Data(1, 2)], riffSize: 0);

        Assert.Equal(new short[] { 1, 2 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Theory]
    [InlineData(0x7FFFF000u)] // what espeak-ng --stdout writes: it cannot seek back to fill in the real size
    [InlineData(0xFFFFFFFFu)]
    [InlineData(1_000_000u)]
    public void Parse_DataLongerThanFile_ReadsUpToLastWholeSample(uint declared)
    {
        var pcm = WaveBytes.Pcm16(new short[] { 11, 22, 33, 44 });
        // Three whole samples and half of the fourth are present.
        var file = WaveBytes.Riff(WaveBytes.Fmt(), new Chunk("data", pcm[..7], declared, Pad: false));

        Assert.Equal(new short[] { 11, 22, 33 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Fact]
    public void Parse_StereoDataLongerThanFile_ReadsUpToLastWholeFrame()
    {
        var pcm = WaveBytes.Pcm16(new short[] { 10, 20, 30, 40, 50 }); // 2 whole frames + half a frame
        var file = WaveBytes.Riff(WaveBytes.Fmt(channels: 2), new Chunk("data", pcm, 0x7FFFF000u, Pad: false));

        Assert.Equal(new short[] { 15, 35 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Fact]
    public void Parse_DataShorterThanFile_IgnoresTrailingChunks()
    {
        var file = WaveBytes.Riff(WaveBytes.Fmt(), WaveBytes.Data(1, 2, 3), new Chunk("LIST", new byte[10]));

        Assert.Equal(new short[] { 1, 2, 3 }, WaveFile.Parse(file).Samples.ToArray());
    }

    [Theory]
    [InlineData(1_000u)]
    [InlineData(384_000u)]
    public void Parse_RateAtTheLimits_IsAccepted(uint rate) =>
        Assert.Equal((int)rate, WaveFile.Parse(WaveBytes.Riff(WaveBytes.Fmt(rate: rate), WaveBytes.Data(1))).SampleRate);

    // ---- hostile input ------------------------------------------------------------------------------

    public static TheoryData<string, byte[], string> HostileFiles()
    {
        var pcm = WaveBytes.Data(1, 2, 3);
        var fmt = WaveBytes.Fmt();
        return new TheoryData<string, byte[], string>
        {
            { "empty", [], "Not a WAV file" },
            { "one byte", [0x52], "Not a WAV file" },
            { "11 bytes of RIFF header", "RIFF\0\0\0\0WAV"u8.ToArray(), "Not a WAV file" },
            { "text", "hello, this is not a WAV file at all"u8.ToArray(), "Not a WAV file" },
            { "RIFX (big-endian RIFF)", [.. "RIFX"u8, .. WaveBytes.Riff(fmt, pcm)[4..]], "Not a WAV file" },
            { "RIFF AVI", [.. WaveBytes.Riff(fmt, pcm)[..8], .. "AVI "u8, .. WaveBytes.Riff(fmt, pcm)[12..]], "Not a WAV file" },
            { "header only", WaveBytes.Riff(), "no 'fmt ' chunk" },
            { "no fmt", WaveBytes.Riff(new Chunk("LIST", new byte[4])), "no 'fmt ' chunk" },
            { "no data", WaveBytes.Riff(fmt), "no 'data' chunk" },
            { "fmt after data", WaveBytes.Riff(pcm, fmt), "comes before the 'fmt ' chunk" },
            { "fmt header cut off", WaveBytes.Riff(fmt)[..(12 + 6)], "no 'fmt ' chunk" },
            { "fmt body truncated", WaveBytes.Riff(fmt)[..(12 + 8 + 10)], "'fmt ' chunk declares 16 bytes but only 10 remain" },
            { "fmt of 14 bytes", WaveBytes.Riff(fmt with { Body = fmt.Body[..14] }, pcm), "'fmt ' chunk is 14 bytes; PCM needs at least 16" },
            { "fmt of 0 bytes", WaveBytes.Riff(fmt with { Body = [] }, pcm), "'fmt ' chunk is 0 bytes" },
            { "fmt declares 4 GB", WaveBytes.Riff(fmt with { DeclaredSize = uint.MaxValue }, pcm), "'fmt ' chunk declares 4294967295 bytes" },
            { "LIST declares 4 GB before fmt", WaveBytes.Riff(new Chunk("LIST", new byte[4], uint.MaxValue), fmt, pcm), "'LIST' chunk declares 4294967295 bytes" },
            { "LIST declares 2 GB before data", WaveBytes.Riff(fmt, new Chunk("LIST", new byte[4], 0x7FFFFFFFu), pcm), "'LIST' chunk declares 2147483647 bytes" },
            { "8-bit", WaveBytes.Riff(WaveBytes.Fmt(bits: 8), pcm), "8-bit; only 16-bit PCM is supported" },
            { "24-bit", WaveBytes.Riff(WaveBytes.Fmt(bits: 24), pcm), "24-bit" },
            { "32-bit", WaveBytes.Riff(WaveBytes.Fmt(bits: 32), pcm), "32-bit" },
            { "0-bit", WaveBytes.Riff(WaveBytes.Fmt(bits: 0), pcm), "0-bit" },
            { "IEEE float", WaveBytes.Riff(WaveBytes.Fmt(tag: WaveBytes.FormatIeeeFloat, bits: 32), pcm), "audio format is 3; only PCM (1)" },
            { "A-law", WaveBytes.Riff(WaveBytes.Fmt(tag: 6, bits: 8), pcm), "audio format is 6" },
            { "MP3", WaveBytes.Riff(WaveBytes.Fmt(tag: 0x55), pcm), "audio format is 85" },
            { "format tag 0", WaveBytes.Riff(WaveBytes.Fmt(tag: 0), pcm), "audio format is 0" },
            { "extensible float", WaveBytes.Riff(WaveBytes.FmtExtensible(WaveBytes.FormatIeeeFloat, bits: 32), pcm), "audio format is 3" },
            { "extensible without sub-format", WaveBytes.Riff(WaveBytes.Fmt(tag: WaveBytes.FormatExtensible), pcm), "audio format is 65534" },
            { "extensible 24-bit PCM", WaveBytes.Riff(WaveBytes.FmtExtensible(WaveBytes.FormatPcm, bits: 24), pcm), "24-bit" },
            { "0 channels", WaveBytes.Riff(WaveBytes.Fmt(channels: 0), pcm), "0 channels; only mono and stereo" },
            { "3 channels", WaveBytes.Riff(WaveBytes.Fmt(channels: 3), pcm), "3 channels" },
            { "65535 channels", WaveBytes.Riff(WaveBytes.Fmt(channels: ushort.MaxValue), pcm), "65535 channels" },
            { "extensible 6 channels", WaveBytes.Riff(WaveBytes.FmtExtensible(WaveBytes.FormatPcm, channels: 6), pcm), "6 channels" },
            { "rate 0", WaveBytes.Riff(WaveBytes.Fmt(rate: 0), pcm), "sample rate 0 Hz is outside 1,000-384,000 Hz" },
            { "rate 999", WaveBytes.Riff(WaveBytes.Fmt(rate: 999), pcm), "sample rate 999 Hz" },
            { "rate 384001", WaveBytes.Riff(WaveBytes.Fmt(rate: 384_001), pcm), "sample rate 384001 Hz" },
            { "rate 4 GHz", WaveBytes.Riff(WaveBytes.Fmt(rate: uint.MaxValue), pcm), "sample rate 4294967295 Hz" },
            { "rate 2^31", WaveBytes.Riff(WaveBytes.Fmt(rate: 0x8000_0000u), pcm), "sample rate 2147483648 Hz" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void Parse_HostileInput_ThrowsInvalidWaveFileExceptionSayingWhy(string description, byte[] file, string expectedMessage)
    {
        var exception = Record.Exception(() => WaveFile.Parse(file));

        if (exception is not InvalidWaveFileException invalid)
        {
            Assert.Fail($"{description}: expected InvalidWaveFileException, got {exception?.GetType().Name ?? "success"}: {exception?.Message}");
            return;
        }

        Assert.Contains(expectedMessage, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_8BitFile_MessageSaysHowToConvert()
    {
        var exception = Assert.Throws<InvalidWaveFileException>(() =>
            WaveFile.Parse(WaveBytes.Riff(WaveBytes.Fmt(bits: 8), new Chunk("data", [128, 129]))));

        Assert.Contains("sox in.wav -b 16 out.wav", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomlyMutatedFiles_EitherSucceedOrThrowInvalidWaveFileException()
    {
        var random = new Random(20_260_101);
        byte[][] seeds =
        [
            WaveFile.ToBytes(new PcmAudio(16_000, WaveBytes.Tone(64))),
            WaveBytes.Riff(WaveBytes.Fmt(channels: 2, rate: 44_100), WaveBytes.Data(WaveBytes.Tone(32))),
            WaveBytes.Riff(new Chunk("LIST", [1, 2, 3]), WaveBytes.FmtExtensible(WaveBytes.FormatPcm), new Chunk("fact", WaveBytes.UInt32(9)), WaveBytes.Data(WaveBytes.Tone(9))),
            WaveBytes.Riff(WaveBytes.Fmt(rate: 22_050), new Chunk("data", WaveBytes.Pcm16(WaveBytes.Tone(40)), 0x7FFFF000u, Pad: false)),
        ];
        uint[] extremes = [0, 1, 2, 15, 16, 17, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFF000];
        var failures = new List<string>();
        var successes = 0;

        for (var round = 0; round < 4_000; round++)
        {
            var file = seeds[round % seeds.Length].ToList();
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations && file.Count > 0; m++)
            {
                var at = random.Next(file.Count);
                switch (random.Next(6))
                {
                    case 0: // flip a byte
                        file[at] = (byte)random.Next(256);
                        break;
                    case 1: // an extreme 32-bit value at a header position
                        var position = Math.Min(random.Next(Math.Min(file.Count, 80)), Math.Max(0, file.Count - 4));
                        var value = WaveBytes.UInt32(extremes[random.Next(extremes.Length)]);
                        for (var i = 0; i < 4 && position + i < file.Count; i++)
                        {
                            file[position + i] = value[i];
                        }

                        break;
                    case 2: // truncate
                        file.RemoveRange(at, file.Count - at);
                        break;
                    case 3: // insert junk
                        file.InsertRange(at, Enumerable.Range(0, 1 + random.Next(9)).Select(_ => (byte)random.Next(256)));
                        break;
                    case 4: // delete a few bytes
                        file.RemoveRange(at, Math.Min(file.Count - at, 1 + random.Next(6)));
                        break;
                    default: // swap two 4-byte spans (moves chunk ids and sizes around)
                        var other = random.Next(file.Count);
                        for (var i = 0; i < 4 && at + i < file.Count && other + i < file.Count; i++)
                        {
                            (file[at + i], file[other + i]) = (file[other + i], file[at + i]);
                        }

                        break;
                }
            }

            var bytes = file.ToArray();
            try
            {
                var audio = WaveFile.Parse(bytes);
                successes++;
                if (audio.SampleRate is < 1_000 or > 384_000 || audio.Samples.Length * 2 > bytes.Length)
                {
                    failures.Add($"round {round}: accepted {audio.SampleRate} Hz with {audio.Samples.Length} samples from {bytes.Length} bytes");
                }
            }
            catch (InvalidWaveFileException ex) when (!string.IsNullOrWhiteSpace(ex.Message))
            {
            }
#pragma warning disable CA1031 // The point of the test is to catch every other exception type.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add($"round {round}: {ex.GetType().Name}: {ex.Message} for {Convert.ToHexString(bytes[..Math.Min(bytes.Length, 64)])}");
            }
        }

        Assert.Empty(failures);
        // The mutations must leave some files readable, or the test only ever exercises the first check.
        Assert.InRange(successes, 100, 3_900);
    }
}
