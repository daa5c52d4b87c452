using System.Text;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;

namespace SoundBoxSim.Voice.Tests.Packs;

public sealed class ClipFileNamesTests
{
    // Telex: â ê ô → aa ee oo, ă ơ ư → aw ow uw, đ → dd; the tone goes last: sắc s, huyền f, hỏi r, ngã x, nặng j.
    [Theory]
    [InlineData("đồng", "ddoongf")]
    [InlineData("một", "mootj")]
    [InlineData("mốt", "moots")]
    [InlineData("mười", "muwowif")]
    [InlineData("mươi", "muwowi")]
    [InlineData("nghìn", "nghinf")]
    [InlineData("ngàn", "nganf")]
    [InlineData("lẻ", "ler")]
    [InlineData("tỷ", "tyr")]
    [InlineData("triệu", "trieeuj")]
    [InlineData("năm", "nawm")]
    [InlineData("lăm", "lawm")]
    [InlineData("mã", "max")]
    [InlineData("xác", "xacs")]
    [InlineData("nhận", "nhaanj")]
    [InlineData("sặc", "sawcj")]
    [InlineData("những", "nhuwngx")]
    [InlineData("ơ", "ow")]
    [InlineData("ê", "ee")]
    [InlineData("đ", "dd")]
    [InlineData("loa", "loa")]
    [InlineData("", "")]
    public void ToTelex_VietnameseWord_GivesTelexSpelling(string word, string expected) =>
        Assert.Equal(expected, ClipFileNames.ToTelex(word));

    [Theory]
    [InlineData("ĐỒNG", "ddoongf")]
    [InlineData("Một", "mootj")]
    public void ToTelex_UpperCase_GivesTheLowerCaseName(string word, string expected) =>
        Assert.Equal(expected, ClipFileNames.ToTelex(word));

    [Fact]
    public void ToTelex_DecomposedInput_GivesTheSameNameAsPrecomposed()
    {
        var precomposed = "mười".Normalize(NormalizationForm.FormC);
        var decomposed = "mười".Normalize(NormalizationForm.FormD);

        Assert.NotEqual(precomposed, decomposed);
        Assert.Equal(ClipFileNames.ToTelex(precomposed), ClipFileNames.ToTelex(decomposed));
    }

    [Fact]
    public void ToTelex_WordsThatDifferOnlyInTone_GetDifferentNames()
    {
        string[] tones = ["ma", "má", "mà", "mả", "mã", "mạ"];

        var names = tones.Select(ClipFileNames.ToTelex).ToList();

        Assert.Equal(["ma", "mas", "maf", "mar", "max", "maj"], names);
    }

    [Theory]
    [InlineData(VietnameseRegion.North)]
    [InlineData(VietnameseRegion.South)]
    public void ToTelex_EveryBuiltInPackWord_GivesADistinctAsciiName(VietnameseRegion region)
    {
        var words = VoicePack.LoadBuiltIn(region).Clips.Keys.ToList();

        var names = words.Select(ClipFileNames.ToTelex).ToList();

        Assert.True(words.Count > 40, $"{words.Count} words");
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, name => Assert.Matches("^[a-z]+$", name));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("hai mươi")]
    [InlineData("naïve")]
    [InlineData("straße")]
    [InlineData("a-b")]
    [InlineData("\u0302")]          // a circumflex with no letter under it
    [InlineData("\u0302a")]
    public void ToTelex_NotAVietnameseWord_ThrowsArgumentException(string word)
    {
        var exception = Assert.ThrowsAny<ArgumentException>(() => ClipFileNames.ToTelex(word));

        Assert.Equal(typeof(ArgumentException), exception.GetType());
        Assert.Contains("not a Vietnamese letter", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTelex_Null_ThrowsArgumentNullException() =>
        Assert.Throws<ArgumentNullException>(() => ClipFileNames.ToTelex(null!));
}
