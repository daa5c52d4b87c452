using System.Text.Json.Nodes;
using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Tests.Synthesis;

namespace SoundBoxSim.Voice.Tests.Packs;

/// <summary>VoicePack.LoadFolder on good and broken pack folders.</summary>
public sealed class VoicePackLoadingTests
{
    private static readonly PcmAudio Clip = TestPackFolder.Constant(800, 5_000);

    [Fact]
    public void LoadFolder_ValidPack_LoadsManifestPhrasesAndClips()
    {
        var folder = TestPackFolder.Write(new Dictionary<string, PcmAudio> { ["xin"] = Clip, ["chào"] = TestPackFolder.Constant(300, -7) },
            wordGapMs: 25, pauseMs: 300, crossfadeMs: 5);

        var pack = VoicePack.LoadFolder(folder);

        Assert.Equal("test", pack.Name);
        Assert.Equal(VietnameseRegion.North, pack.Region);
        Assert.Same(NumberReadingStyle.North, pack.Style);
        Assert.Equal(16_000, pack.SampleRate);
        Assert.Equal((25, 300, 5), (pack.Manifest.WordGapMs, pack.Manifest.PauseMs, pack.Manifest.CrossfadeMs));
        Assert.Equal(["chào", "xin"], pack.Clips.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Clip.Samples.ToArray(), pack.Clips["xin"].Samples.ToArray());
        Assert.Equal(300, pack.Clips["chào"].Samples.Length);
        Assert.Equal("Âm lượng {number}.", pack.Phrases.Get("volume").Text);
        Assert.Equal(["đã", "nhận"], pack.MissingWords(["xin", "đã", "nhận", "đã"]));
    }

    [Fact]
    public void LoadFolder_SouthRegionInAnyCase_ReadsTheSouthernWay()
    {
        var folder = PackWith(m => m["region"] = "South");

        Assert.Equal(VietnameseRegion.South, VoicePack.LoadFolder(folder).Region);
    }

    [Fact]
    public void LoadFolder_NoFolder_ThrowsSayingThereIsNoPackJson()
    {
        var folder = Path.Combine(RepoPaths.NewTempFolder("pack"), "does-not-exist");

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("has no pack.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains(folder, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_FolderWithoutPackJson_ThrowsSayingThereIsNoPackJson()
    {
        var folder = RepoPaths.NewTempFolder("pack");
        TestPackFolder.WriteFile(folder, "clips/xin.wav", WaveFile.ToBytes(Clip));

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("has no pack.json", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"name\": \"test\", ")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("{ \"name\": \"test\", \"region\": \"north\", \"sampleRate\": \"fast\", \"phrases\": {} }")]
    public void LoadFolder_MalformedJson_ThrowsSayingPackJsonIsNotValid(string json)
    {
        var folder = RepoPaths.NewTempFolder("pack");
        File.WriteAllText(Path.Combine(folder, "pack.json"), json);

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("pack.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("is not valid", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_JsonNull_ThrowsSayingPackJsonIsEmpty()
    {
        var folder = RepoPaths.NewTempFolder("pack");
        File.WriteAllText(Path.Combine(folder, "pack.json"), "null");

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("pack.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_UnknownField_ThrowsNamingTheField()
    {
        var folder = PackWith(m => m["wordGapMillis"] = 20);

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("wordGapMillis", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("region")]
    [InlineData("sampleRate")]
    [InlineData("phrases")]
    public void LoadFolder_RequiredFieldMissing_ThrowsNamingTheField(string field)
    {
        var folder = PackWith(m => m.Remove(field));

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("region")]
    [InlineData("phrases")]
    [InlineData("models")]
    [InlineData("clips")]
    public void LoadFolder_FieldIsNull_ThrowsVoicePackExceptionNamingTheField(string field)
    {
        var folder = PackWith(m => m[field] = null);

        var exception = Record.Exception(() => VoicePack.LoadFolder(folder));

        Assert.IsType<VoicePackException>(exception);
        Assert.Contains(field, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_NullClipFileOrTemplate_ThrowsVoicePackException()
    {
        var folder = PackWith(m =>
        {
            m["clips"]!["xin"] = null;
            m["phrases"]![PhraseKey] = null;
        });

        var exception = Record.Exception(() => VoicePack.LoadFolder(folder));

        Assert.IsType<VoicePackException>(exception);
    }

    [Fact]
    public void LoadFolder_ClipFileMissing_ThrowsNamingTheFileAndWord()
    {
        var folder = PackWith(m => m["clips"]!["chào"] = "clips/chaof.wav");

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("clip 'clips/chaof.wav' for 'chào' is missing", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_ClipAtAnotherSampleRate_ThrowsNamingBothRates()
    {
        var folder = PackWith(_ => { });
        TestPackFolder.WriteFile(folder, "clips/xin.wav", WaveFile.ToBytes(TestPackFolder.Constant(800, 5_000, sampleRate: 8_000)));

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("clip 'clips/xin.wav' is 8000 Hz but the pack is 16000 Hz", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_ClipThatIsNotAWav_ThrowsWithTheWaveProblem()
    {
        var folder = PackWith(_ => { });
        TestPackFolder.WriteFile(folder, "clips/xin.wav", "ID3 mp3 data"u8.ToArray());

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("clip 'clips/xin.wav': Not a WAV file", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside.wav")]
    [InlineData("clips/../../outside.wav")]
    public void LoadFolder_ClipPathEscapingTheFolder_IsRefusedEvenWhenTheFileExists(string path)
    {
        var parent = RepoPaths.NewTempFolder("pack-parent");
        var folder = Path.Combine(parent, "pack");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(parent, "outside.wav"), WaveFile.ToBytes(Clip));
        TestPackFolder.WriteManifest(folder, TestPackFolder.Manifest(clips: new Dictionary<string, string> { ["xin"] = path }));

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains($"clip '{path}' for 'xin'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("outside the pack folder", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_AbsoluteClipPath_IsRefused()
    {
        var elsewhere = Path.Combine(RepoPaths.NewTempFolder("elsewhere"), "xin.wav");
        File.WriteAllBytes(elsewhere, WaveFile.ToBytes(Clip));
        var folder = PackWith(m => m["clips"]!["xin"] = elsewhere);

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("outside the pack folder", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("central")]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("north, south")]
    [InlineData("-1")]
    public void LoadFolder_BadRegion_ThrowsNamingTheRegion(string region)
    {
        var folder = PackWith(m => m["region"] = region);

        var exception = Record.Exception(() => VoicePack.LoadFolder(folder));

        Assert.IsType<VoicePackException>(exception);
        Assert.Contains($"region '{region}' is not 'north' or 'south'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Đã nhận {amount} 5 đồng.", "'5'")]
    [InlineData("Đã nhận 100000 đồng.", "'100000'")]
    [InlineData("Đã nhận {tien} đồng.", "Unknown placeholder '{tien}'")]
    [InlineData("Đã nhận {Amount} đồng.", "Unknown placeholder '{Amount}'")]
    public void LoadFolder_BadTemplate_ThrowsNamingThePhraseAndTheProblem(string template, string problem)
    {
        var folder = PackWith(m => m["phrases"]![PhraseKey] = template);

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains($"phrase '{PhraseKey}'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_BadModelTemplate_ThrowsNamingTheModel()
    {
        var folder = PackWith(m => m["models"] = new JsonObject { ["S5 Plus"] = new JsonObject { [PhraseKey] = "Nhận 9 đồng." } });

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("model 'S5 Plus' phrase 'amount_received'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_RequiredPhraseMissing_ThrowsNamingIt()
    {
        var folder = PackWith(m => m["phrases"]!.AsObject().Remove("low_battery"));

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("no 'low_battery'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_SeveralProblems_ListsThemAllInOneMessage()
    {
        var folder = PackWith(m =>
        {
            m["region"] = "central";
            m["phrases"]![PhraseKey] = "Đã nhận 5 đồng.";
            m["clips"]!["chào"] = "clips/chaof.wav";
            m["clips"]!["loa"] = "../loa.wav";
        });
        TestPackFolder.WriteFile(folder, "clips/xin.wav", WaveFile.ToBytes(TestPackFolder.Constant(10, 1, sampleRate: 44_100)));

        var exception = Assert.Throws<VoicePackException>(() => VoicePack.LoadFolder(folder));

        Assert.Contains("region 'central'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'5'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("clip 'clips/chaof.wav' for 'chào' is missing", exception.Message, StringComparison.Ordinal);
        Assert.Contains("clip '../loa.wav' for 'loa'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("44100 Hz but the pack is 16000 Hz", exception.Message, StringComparison.Ordinal);
    }

    private const string PhraseKey = "amount_received";

    /// <summary>A valid pack with one clip ("xin"), changed by <paramref name="change"/> before it is written.</summary>
    private static string PackWith(Action<JsonObject> change)
    {
        var folder = RepoPaths.NewTempFolder("pack");
        TestPackFolder.WriteFile(folder, "clips/xin.wav", WaveFile.ToBytes(Clip));
        var manifest = TestPackFolder.Manifest(clips: new Dictionary<string, string> { ["xin"] = "clips/xin.wav" });
        change(manifest);
        TestPackFolder.WriteManifest(folder, manifest);
        return folder;
    }
}
