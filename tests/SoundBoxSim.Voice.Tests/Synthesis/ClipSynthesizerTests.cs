using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice.Tests.Synthesis;

public sealed class ClipSynthesizerTests
{
    private static readonly VoicePack North = VoicePack.LoadBuiltIn(VietnameseRegion.North);
    private static readonly VoicePack South = VoicePack.LoadBuiltIn(VietnameseRegion.South);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<VietnameseRegion, string, long?, string?, string?> Phrases() => new()
    {
        { VietnameseRegion.North, PhraseKeys.AmountReceived, 1_005_000L, null, null },
        { VietnameseRegion.South, PhraseKeys.AmountReceived, 1_005_000L, null, null },
        { VietnameseRegion.North, PhraseKeys.AmountReceived, 24L, null, "S5 Plus" },     // has a comma
        { VietnameseRegion.South, PhraseKeys.AmountReceived, 999_999_999_999_999L, null, "S5 Plus" },
        { VietnameseRegion.North, PhraseKeys.Otp, null, "0427", null },                   // pauses mid-sentence
        { VietnameseRegion.South, PhraseKeys.Otp, null, "9999", null },
        { VietnameseRegion.North, PhraseKeys.LowBattery, null, null, null },
        { VietnameseRegion.South, PhraseKeys.OnBattery, null, null, null },
        { VietnameseRegion.North, PhraseKeys.Volume, 3L, null, null },
    };

    [Theory]
    [MemberData(nameof(Phrases))]
    public void Synthesize_BuiltInPhrase_LengthIsClipsPlusGapsPlusPauses(VietnameseRegion region, string key, long? number, string? otp, string? model)
    {
        var pack = region == VietnameseRegion.North ? North : South;
        var utterance = pack.Phrases.Render(key, new PhraseArguments { Amount = number, Number = number, Otp = otp }, pack.Style, model);

        var audio = new ClipSynthesizer(pack).Synthesize(utterance);

        // Words between two pauses form a group; words in a group are separated by the word gap, groups by the
        // pause; a pause before the first or after the last word adds nothing. Milliseconds round down to samples.
        var groups = SplitAtPauses(utterance);
        var clipSamples = groups.SelectMany(g => g).Sum(word => pack.Clips[word].Samples.Length);
        var gap = pack.Manifest.WordGapMs * pack.SampleRate / 1000;
        var pause = pack.Manifest.PauseMs * pack.SampleRate / 1000;
        var gaps = groups.Sum(g => g.Count - 1);
        var expected = clipSamples + (gaps * gap) + ((groups.Count - 1) * pause);
        Assert.Equal(pack.SampleRate, audio.SampleRate);
        Assert.Equal(expected, audio.Samples.Length);
    }

    [Fact]
    public void Synthesize_TwoWords_PlacesFirstClipThenSilentGapThenSecondClip()
    {
        var first = North.Clips["xin"].Samples.ToArray();
        var second = North.Clips["chào"].Samples.ToArray();
        var gap = North.Manifest.WordGapMs * North.SampleRate / 1000;
        var fade = North.Manifest.CrossfadeMs * North.SampleRate / 1000;

        var samples = new ClipSynthesizer(North).Synthesize(Words("xin", "chào")).Samples.ToArray();

        Assert.Equal(first.Length + gap + second.Length, samples.Length);
        // Away from the fades each clip is copied unchanged.
        Assert.Equal(first[fade..^fade], samples[fade..(first.Length - fade)]);
        Assert.Equal(second[fade..^fade], samples[(first.Length + gap + fade)..^fade]);
        Assert.All(samples[first.Length..(first.Length + gap)], s => Assert.Equal(0, s));
        Assert.True(first[fade..^fade].Any(s => Math.Abs((int)s) > 5_000), "the clip is not sound");
    }

    [Theory]
    [InlineData(VietnameseRegion.North)]
    [InlineData(VietnameseRegion.South)]
    public void Synthesize_SameUtteranceTwice_GivesIdenticalSamples(VietnameseRegion region)
    {
        var pack = region == VietnameseRegion.North ? North : South;
        var utterance = pack.Phrases.Render(PhraseKeys.Otp, new PhraseArguments { Otp = "0427" }, pack.Style);
        var synthesizer = new ClipSynthesizer(pack);

        var once = synthesizer.Synthesize(utterance).Samples.ToArray();
        var twice = synthesizer.Synthesize(utterance).Samples.ToArray();
        var fresh = new ClipSynthesizer(VoicePack.LoadBuiltIn(region)).Synthesize(utterance).Samples.ToArray();

        Assert.True(once.Length > pack.SampleRate, $"{once.Length} samples");
        Assert.Equal(once, twice);
        Assert.Equal(once, fresh);
    }

    [Fact]
    public async Task SynthesizeAsync_SameUtterance_GivesTheSameSamplesAsSynthesize()
    {
        var synthesizer = new ClipSynthesizer(North);
        var utterance = North.Phrases.Render(PhraseKeys.AmountReceived, new PhraseArguments { Amount = 150_000 }, North.Style);

        var audio = await synthesizer.SynthesizeAsync(utterance, Token);

        Assert.Equal(synthesizer.Synthesize(utterance).Samples.ToArray(), audio.Samples.ToArray());
        Assert.Equal("clips", synthesizer.Name);
        Assert.Same(North, synthesizer.Pack);
    }

    [Fact]
    public async Task SynthesizeAsync_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await new ClipSynthesizer(North).SynthesizeAsync(Words("xin"), cancelled.Token));
    }

    [Fact]
    public void Synthesize_UnknownWord_ThrowsNamingTheWordAndTheClipToAdd()
    {
        var exception = Assert.Throws<SpeechSynthesisException>(() =>
            new ClipSynthesizer(North).Synthesize(Words("xin", "phở", "chào")));

        Assert.Contains("'phở'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("clips/phowr.wav", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'north'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Synthesize_NoWordsOrOnlyPauses_GivesEmptyAudio()
    {
        var synthesizer = new ClipSynthesizer(North);

        Assert.Equal(0, synthesizer.Synthesize(new Utterance("", [])).Samples.Length);
        Assert.Equal(0, synthesizer.Synthesize(new Utterance(".", [SpeechToken.Pause, SpeechToken.Pause])).Samples.Length);
    }

    [Fact]
    public void Synthesize_PausesAtTheEdges_AddNothing()
    {
        var synthesizer = new ClipSynthesizer(North);
        var plain = synthesizer.Synthesize(Words("xin", "chào")).Samples.ToArray();

        var padded = synthesizer.Synthesize(new Utterance("xin chào.",
            [SpeechToken.Pause, new SpeechToken("xin"), new SpeechToken("chào"), SpeechToken.Pause])).Samples.ToArray();

        Assert.Equal(plain, padded);
    }

    // ---- a pack made for the test: constant-level clips show exactly where fades and overlaps fall ----

    [Fact]
    public void Synthesize_PackWithWordGap_SeparatesFadedClipsBySilence()
    {
        var folder = TestPackFolder.Write(new Dictionary<string, PcmAudio>
        {
            ["a"] = TestPackFolder.Constant(1_000, 10_000),
            ["b"] = TestPackFolder.Constant(800, -10_000),
        }, wordGapMs: 40, crossfadeMs: 10);

        var samples = new ClipSynthesizer(VoicePack.LoadFolder(folder)).Synthesize(Words("a", "b")).Samples.ToArray();

        const int Gap = 40 * 16, Fade = 10 * 16;
        Assert.Equal(1_000 + Gap + 800, samples.Length);
        Assert.Equal(0, samples[0]);                                   // faded in from silence
        Assert.Equal(0, samples[999]);                                 // faded out
        Assert.InRange(samples[Fade / 2], 4_900, 5_100);              // half way up the fade
        Assert.Equal(10_000, samples[Fade]);                          // fade over, clip level
        Assert.Equal(10_000, samples[999 - Fade]);
        AssertRamp(samples[..Fade], rising: true);
        Assert.All(samples[1_000..(1_000 + Gap)], s => Assert.Equal(0, s));
        Assert.Equal(0, samples[1_000 + Gap]);
        Assert.Equal(-10_000, samples[1_000 + Gap + Fade]);
        Assert.Equal(0, samples[^1]);
    }

    [Fact]
    public void Synthesize_PackWithZeroWordGap_CrossFadesNeighboursAndIsShorterByTheOverlap()
    {
        var clips = new Dictionary<string, PcmAudio>
        {
            ["a"] = TestPackFolder.Constant(1_000, 10_000),
            ["b"] = TestPackFolder.Constant(800, 10_000),
            ["c"] = TestPackFolder.Constant(600, 10_000),
        };
        var withGap = new ClipSynthesizer(VoicePack.LoadFolder(TestPackFolder.Write(clips, wordGapMs: 40, crossfadeMs: 10)));
        var touching = new ClipSynthesizer(VoicePack.LoadFolder(TestPackFolder.Write(clips, wordGapMs: 0, crossfadeMs: 10)));

        var spaced = withGap.Synthesize(Words("a", "b", "c")).Samples.ToArray();
        var faded = touching.Synthesize(Words("a", "b", "c")).Samples.ToArray();

        const int Fade = 10 * 16;
        Assert.Equal(1_000 + 800 + 600 + (2 * 40 * 16), spaced.Length);
        Assert.Equal(1_000 + 800 + 600 - (2 * Fade), faded.Length);
        // The edges of the whole output are faded ...
        Assert.Equal(0, faded[0]);
        Assert.Equal(0, faded[^1]);
        AssertRamp(faded[..Fade], rising: true);
        AssertRamp(faded[^Fade..], rising: false);
        // ... while inside, one word's fade-out and the next one's fade-in add up to a steady level: no dip to
        // silence (no cross-fade) and no doubling (overlap without fades).
        Assert.All(faded[Fade..^Fade], s => Assert.InRange(s, (short)9_800, (short)10_000));
        Assert.Contains(faded[(1_000 - Fade)..1_000], s => s < 10_000); // the first overlap is really mixed
    }

    [Fact]
    public void Synthesize_PackWithZeroWordGapAndPause_PausesInsteadOfCrossFading()
    {
        var folder = TestPackFolder.Write(new Dictionary<string, PcmAudio>
        {
            ["a"] = TestPackFolder.Constant(1_000, 10_000),
            ["b"] = TestPackFolder.Constant(800, 10_000),
        }, wordGapMs: 0, pauseMs: 100, crossfadeMs: 10);

        var samples = new ClipSynthesizer(VoicePack.LoadFolder(folder))
            .Synthesize(new Utterance("a, b", [new SpeechToken("a"), SpeechToken.Pause, new SpeechToken("b")])).Samples.ToArray();

        Assert.Equal(1_000 + 1_600 + 800, samples.Length);
        Assert.All(samples[1_000..2_600], s => Assert.Equal(0, s));
    }

    [Fact]
    public void Synthesize_ClipShorterThanTheFade_StillCrossFadesWithoutError()
    {
        var folder = TestPackFolder.Write(new Dictionary<string, PcmAudio>
        {
            ["a"] = TestPackFolder.Constant(1_000, 10_000),
            ["i"] = TestPackFolder.Constant(10, 10_000),
            ["b"] = TestPackFolder.Constant(800, 10_000),
        }, wordGapMs: 0, crossfadeMs: 10);

        var samples = new ClipSynthesizer(VoicePack.LoadFolder(folder)).Synthesize(Words("a", "i", "b")).Samples.ToArray();

        Assert.InRange(samples.Length, 1_810 - (2 * 160), 1_810);
        Assert.All(samples, s => Assert.InRange(s, (short)0, (short)10_000));
    }

    private static Utterance Words(params string[] words) =>
        new(string.Join(' ', words), [.. words.Select(w => new SpeechToken(w))]);

    private static List<List<string>> SplitAtPauses(Utterance utterance)
    {
        var groups = new List<List<string>> { new() };
        foreach (var token in utterance.Tokens)
        {
            if (token.IsPause)
            {
                groups.Add([]);
            }
            else
            {
                groups[^1].Add(token.Word!);
            }
        }

        return [.. groups.Where(g => g.Count > 0)];
    }

    private static void AssertRamp(short[] samples, bool rising)
    {
        for (var i = 1; i < samples.Length; i++)
        {
            var (before, after) = rising ? (samples[i - 1], samples[i]) : (samples[i], samples[i - 1]);
            Assert.True(after >= before, $"the fade is not monotonic at {i}: {samples[i - 1]} then {samples[i]}");
        }
    }
}
