using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice.Tests.Audio;

/// <summary>
/// Every kind of WAV the voice writes is read back by the real sox: soxi must agree on the format and length,
/// and sox stat must find sound that is neither silent nor clipped.
/// </summary>
public sealed class SoxInteropTests
{
    private readonly string _folder = RepoPaths.NewTempFolder("sox-interop");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<VietnameseRegion, string> RegionsAndPhrases()
    {
        var data = new TheoryData<VietnameseRegion, string>();
        foreach (var region in Enum.GetValues<VietnameseRegion>())
        {
            foreach (var key in PhraseKeys.Required)
            {
                data.Add(region, key);
            }
        }

        return data;
    }

    [Theory]
    [InlineData(VietnameseRegion.North, 1_005_000L)]
    [InlineData(VietnameseRegion.South, 1_005_000L)]
    [InlineData(VietnameseRegion.North, 5_000_000_000_005L)]
    [InlineData(VietnameseRegion.South, 24L)]
    public async Task SayAmountAsync_ClipVoice_SoxReadsItAsOurAudio(VietnameseRegion region, long amount)
    {
        var voice = SpeakerVoice.Create(new VoiceOptions { Region = region });

        var spoken = await voice.SayAmountAsync(amount, Token);

        await AssertSoxAgreesAsync(spoken.Audio, $"amount-{region}-{amount}");
        await AssertClipVoiceLevelAsync($"amount-{region}-{amount}");
    }

    [Theory]
    [InlineData(VietnameseRegion.North)]
    [InlineData(VietnameseRegion.South)]
    public async Task SayAmountAsync_ClipVoiceForS5Plus_SoxReadsItAsOurAudio(VietnameseRegion region)
    {
        var voice = SpeakerVoice.Create(new VoiceOptions { Region = region, Model = "S5 Plus" });

        var spoken = await voice.SayAmountAsync(150_000, Token);

        Assert.StartsWith("Thanh toán thành công", spoken.Text, StringComparison.Ordinal);
        await AssertSoxAgreesAsync(spoken.Audio, $"s5plus-{region}");
        await AssertClipVoiceLevelAsync($"s5plus-{region}");
    }

    [Theory]
    [InlineData(VietnameseRegion.North)]
    [InlineData(VietnameseRegion.South)]
    public async Task SayOtpAsync_ClipVoice_SoxReadsItAsOurAudio(VietnameseRegion region)
    {
        var voice = SpeakerVoice.Create(new VoiceOptions { Region = region });

        var spoken = await voice.SayOtpAsync("0427", Token);

        await AssertSoxAgreesAsync(spoken.Audio, $"otp-{region}");
        await AssertClipVoiceLevelAsync($"otp-{region}");
    }

    [Theory]
    [MemberData(nameof(RegionsAndPhrases))]
    public async Task SayAsync_ClipVoiceEveryRequiredPhrase_SoxReadsItAsOurAudio(VietnameseRegion region, string key)
    {
        var voice = SpeakerVoice.Create(new VoiceOptions { Region = region });

        var spoken = await voice.SayAsync(key, new PhraseArguments { Amount = 150_000, Otp = "9381", Number = 7 }, Token);

        Assert.NotEmpty(spoken.Utterance.Words);
        await AssertSoxAgreesAsync(spoken.Audio, $"{key}-{region}");
        await AssertClipVoiceLevelAsync($"{key}-{region}");
    }

    [Theory]
    [InlineData(EspeakMode.Library, VietnameseRegion.North)]
    [InlineData(EspeakMode.Library, VietnameseRegion.South)]
    [InlineData(EspeakMode.Process, VietnameseRegion.North)]
    [InlineData(EspeakMode.Process, VietnameseRegion.South)]
    public async Task SayAmountAsync_EspeakVoice_SoxReadsItAsOurAudio(EspeakMode mode, VietnameseRegion region)
    {
        ExternalTool.Require("espeak-ng", "espeak-ng");
        var voice = SpeakerVoice.Create(new VoiceOptions
        {
            Region = region,
            Synthesizer = "espeak",
            Espeak = new EspeakOptions { Mode = mode, Voice = region == VietnameseRegion.South ? "vi-vn-x-south" : "vi" },
        });

        var spoken = await voice.SayAmountAsync(1_005_000, Token);

        Assert.Equal(22_050, spoken.Audio.SampleRate);
        await AssertSoxAgreesAsync(spoken.Audio, $"espeak-{mode}-{region}");
    }

    [Fact]
    public async Task SayOtpAsync_EspeakVoice_SoxReadsItAsOurAudio()
    {
        ExternalTool.Require("espeak-ng", "espeak-ng");
        var voice = SpeakerVoice.Create(new VoiceOptions { Synthesizer = "espeak", Espeak = new EspeakOptions { Mode = EspeakMode.Library } });

        var spoken = await voice.SayOtpAsync("1234", Token);

        await AssertSoxAgreesAsync(spoken.Audio, "espeak-otp");
    }

    private async Task AssertSoxAgreesAsync(PcmAudio audio, string name)
    {
        var path = Path.Combine(_folder, name + ".wav");
        await WaveFile.WriteAsync(path, audio, Token);

        var info = await Sox.InfoAsync(path, Token);
        var stat = await Sox.StatAsync(path, Token);

        Assert.Equal(audio.SampleRate, info.SampleRate);
        Assert.Equal(1, info.Channels);
        Assert.Equal(16, info.Bits);
        Assert.Equal("16-bit Signed Integer PCM", info.Encoding);
        Assert.Equal(audio.Samples.Length, info.Samples);
        Assert.Equal(audio.Samples.Length, stat.Samples);
        Assert.True(audio.Samples.Length > audio.SampleRate / 4, $"{name}: only {audio.Samples.Length} samples");
        // Not silent: speech is well above -40 dBFS RMS. Not clipped: sox reports +-1.0 for a sample on the rail.
        Assert.True(stat.RmsAmplitude > 0.01, $"{name}: RMS amplitude {stat.RmsAmplitude} is (near) silence");
        Assert.True(stat.MaximumAmplitude < 1.0, $"{name}: maximum amplitude {stat.MaximumAmplitude} is clipped");
        Assert.True(stat.MinimumAmplitude > -1.0, $"{name}: minimum amplitude {stat.MinimumAmplitude} is clipped");
        // Clipping also shows as samples held flat at full scale.
        var samples = audio.Samples.Span;
        for (var i = 2; i < samples.Length; i++)
        {
            Assert.False(Math.Abs((int)samples[i]) >= short.MaxValue && samples[i] == samples[i - 1] && samples[i] == samples[i - 2],
                $"{name}: flat-topped at full scale around sample {i}");
        }

        // sox measures the same peak as we do.
        Assert.Equal(audio.Peak() / 32_768.0, SoxPeak(stat), 3);
    }

    /// <summary>The clip voice says every word at the level its pack was normalized to: 70 % of full scale.</summary>
    private async Task AssertClipVoiceLevelAsync(string name)
    {
        var path = Path.Combine(_folder, name + ".wav");
        var peak = SoxPeak(await Sox.StatAsync(path, Token));
        Assert.True(peak is > 0.69 and < 0.71, $"{name}: peak {peak} of full scale, the packs are levelled to 0.70");
    }

    private static double SoxPeak(SoxStat stat) => Math.Max(stat.MaximumAmplitude, -stat.MinimumAmplitude);
}
