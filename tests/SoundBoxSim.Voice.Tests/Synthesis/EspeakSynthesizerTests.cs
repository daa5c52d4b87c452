using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice.Tests.Synthesis;

/// <summary>The espeak voice against the real espeak-ng (Debian package espeak-ng, which brings libespeak-ng1).</summary>
public sealed class EspeakSynthesizerTests
{
    private static readonly Utterance Greeting = new("Xin chào, loa thanh toán.",
        [new SpeechToken("xin"), new SpeechToken("chào"), SpeechToken.Pause, new SpeechToken("loa"), new SpeechToken("thanh"), new SpeechToken("toán")]);

    public EspeakSynthesizerTests() => ExternalTool.Require("espeak-ng", "espeak-ng");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(EspeakMode.Library)]
    [InlineData(EspeakMode.Process)]
    public async Task SynthesizeAsync_VietnameseWords_GivesSpeechAtEspeakRate(EspeakMode mode)
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { Mode = mode });

        var audio = await synthesizer.SynthesizeAsync(Greeting, Token);

        Assert.Equal(22_050, audio.SampleRate);
        Assert.InRange(audio.Duration, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(5));
        Assert.True(audio.Peak() > 3_000, $"peak {audio.Peak()}: silent");
        Assert.True(Rms(audio) > 300, $"RMS {Rms(audio)}: silent");
    }

    [Fact]
    public async Task SynthesizeAsync_LibraryAndProcess_GiveComparableDurations()
    {
        var library = await new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Library }).SynthesizeAsync(Greeting, Token);
        var process = await new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Process }).SynthesizeAsync(Greeting, Token);

        var ratio = library.Duration / process.Duration;
        Assert.True(ratio is > 0.7 and < 1.4, $"in-process {library.Duration}, program {process.Duration}");
    }

    [Fact]
    public async Task SynthesizeAsync_FasterRate_GivesShorterSpeech()
    {
        var slow = await new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Library, WordsPerMinute = 100 }).SynthesizeAsync(Greeting, Token);
        var fast = await new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Library, WordsPerMinute = 300 }).SynthesizeAsync(Greeting, Token);

        Assert.True(fast.Samples.Length < slow.Samples.Length * 0.8, $"100 wpm: {slow.Duration}, 300 wpm: {fast.Duration}");
    }

    [Theory]
    [InlineData(EspeakMode.Library)]
    [InlineData(EspeakMode.Process)]
    public async Task SynthesizeAsync_SouthernVoice_GivesSpeech(EspeakMode mode)
    {
        var audio = await new EspeakSynthesizer(new EspeakOptions { Mode = mode, Voice = "vi-vn-x-south" }).SynthesizeAsync(Greeting, Token);

        Assert.Equal(22_050, audio.SampleRate);
        Assert.True(audio.Peak() > 3_000, $"peak {audio.Peak()}");
    }

    // Not "no-such-voice": the espeak-ng program reads a name starting with a language code ("no", Norwegian)
    // as that language and speaks it, while the library refuses it.
    [Theory]
    [InlineData(EspeakMode.Library, "has no voice 'zz-no-such-voice'")]
    [InlineData(EspeakMode.Process, "voice does not exist")]
    public async Task SynthesizeAsync_UnknownVoice_ThrowsSpeechSynthesisException(EspeakMode mode, string expected)
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { Mode = mode, Voice = "zz-no-such-voice" });

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () => await synthesizer.SynthesizeAsync(Greeting, Token));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_UnknownVoiceInProcess_NamesTheVoiceAndHowToListVoices()
    {
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Library, Voice = "zz-no-such-voice" });

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () => await synthesizer.SynthesizeAsync(Greeting, Token));

        Assert.Contains("'zz-no-such-voice'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("espeak-ng --voices", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_AfterAnUnknownVoice_StillSpeaksWithAGoodVoice()
    {
        await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Library, Voice = "zz-no-such-voice" }).SynthesizeAsync(Greeting, Token));

        var audio = await new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Library }).SynthesizeAsync(Greeting, Token);

        Assert.True(audio.Peak() > 3_000);
    }

    [Fact]
    public async Task SynthesizeAsync_MissingExecutable_ThrowsTellingToInstallEspeakNg()
    {
        var missing = Path.Combine(RepoPaths.NewTempFolder("espeak"), "espeak-ng-not-here");
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Process, Executable = missing });

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () => await synthesizer.SynthesizeAsync(Greeting, Token));

        Assert.Contains("apt-get install espeak-ng", exception.Message, StringComparison.Ordinal);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_ExecutableThatWritesNoWav_ThrowsSpeechSynthesisException()
    {
        // /bin/true exits 0 without writing anything.
        var synthesizer = new EspeakSynthesizer(new EspeakOptions { Mode = EspeakMode.Process, Executable = "/bin/true" });

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () => await synthesizer.SynthesizeAsync(Greeting, Token));

        Assert.Contains("not a usable WAV", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EspeakMode.Library, true)]
    [InlineData(EspeakMode.Process, false)]
    [InlineData(EspeakMode.Auto, true)] // libespeak-ng is installed with espeak-ng, so Auto runs in-process
    public void InProcess_Mode_FollowsTheMode(EspeakMode mode, bool expected) =>
        Assert.Equal(expected, new EspeakSynthesizer(new EspeakOptions { Mode = mode }).InProcess);

    [Theory]
    [InlineData(79)]
    [InlineData(451)]
    public void Constructor_RateOutsideRange_Throws(int wordsPerMinute) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EspeakSynthesizer(new EspeakOptions { WordsPerMinute = wordsPerMinute }));

    private static double Rms(PcmAudio audio) =>
        Math.Sqrt(audio.Samples.ToArray().Average(s => (double)s * s));
}
