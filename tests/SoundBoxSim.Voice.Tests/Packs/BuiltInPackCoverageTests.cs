using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Tests.Packs;

/// <summary>Proves the shipped clip packs can say every word any phrase or amount produces.</summary>
public sealed class BuiltInPackCoverageTests
{
    public static TheoryData<VietnameseRegion> Regions => [VietnameseRegion.North, VietnameseRegion.South];

    [Theory]
    [MemberData(nameof(Regions))]
    public void LoadBuiltIn_EveryRegion_LoadsWithItsRegionAndAllRequiredPhrases(VietnameseRegion region)
    {
        var pack = VoicePack.LoadBuiltIn(region);

        Assert.Equal(region, pack.Region);
        Assert.Subset(pack.Phrases.Keys.ToHashSet(), PhraseKeys.Required.ToHashSet());
        Assert.Contains("S5 Plus", pack.Phrases.Models);
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Clips_EveryAmountShape_HasAClipForEveryWord(VietnameseRegion region)
    {
        var pack = VoicePack.LoadBuiltIn(region);
        var words = new HashSet<string>(StringComparer.Ordinal);

        // A reading depends only on each three-digit group's value, its position and whether a bigger group
        // came before it; walking every group value through every position, leading or not, covers them all.
        for (long group = 0; group < 1000; group++)
        {
            for (long scale = 1; scale <= 1_000_000_000_000; scale *= 1000)
            {
                Collect(group * scale, pack.Style, words);
                Collect((scale * 1000) + (group * scale), pack.Style, words);
            }
        }

        Assert.Empty(pack.MissingWords(words));
    }

    [Theory]
    [MemberData(nameof(Regions))]
    public void Clips_EveryTemplateOfEveryModel_HasAClipForEveryWord(VietnameseRegion region)
    {
        var pack = VoicePack.LoadBuiltIn(region);
        var arguments = new PhraseArguments { Amount = 1_234_567, Otp = "0123456789", Number = 24 };
        var words = new HashSet<string>(StringComparer.Ordinal);

        foreach (var model in pack.Phrases.Models.Append(null))
        {
            foreach (var key in pack.Phrases.Keys)
            {
                words.UnionWith(pack.Phrases.Render(key, arguments, pack.Style, model).Words);
            }
        }

        Assert.Empty(pack.MissingWords(words));
    }

    private static void Collect(long amount, NumberReadingStyle style, HashSet<string> words)
    {
        if (amount <= VietnameseNumberReader.MaxAmount)
        {
            words.UnionWith(VietnameseNumberReader.Read(amount, style).Split(' '));
        }
    }
}
