using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Tests.Phrases;

public sealed class PhraseBookTests
{
    private static Dictionary<string, string> AllRequired() =>
        PhraseKeys.Required.ToDictionary(key => key, key => key switch
        {
            PhraseKeys.AmountReceived => "Đã nhận {amount} đồng.",
            PhraseKeys.Otp => "Mã {otp}.",
            PhraseKeys.Volume => "Âm lượng {number}.",
            _ => "Xin chào.",
        });

    [Fact]
    public void Render_ModelWithOverride_UsesModelWording()
    {
        var book = new PhraseBook(AllRequired(), new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["S5 Plus"] = new Dictionary<string, string> { [PhraseKeys.AmountReceived] = "Thanh toán {amount} đồng." },
        });
        var arguments = new PhraseArguments { Amount = 15 };

        Assert.Equal("Thanh toán mười lăm đồng.", book.Render(PhraseKeys.AmountReceived, arguments, NumberReadingStyle.North, "S5 Plus").Text);
        Assert.Equal("Thanh toán mười lăm đồng.", book.Render(PhraseKeys.AmountReceived, arguments, NumberReadingStyle.North, "s5 plus").Text);
        Assert.Equal("Đã nhận mười lăm đồng.", book.Render(PhraseKeys.AmountReceived, arguments, NumberReadingStyle.North, "S3").Text);
        Assert.Equal("Đã nhận mười lăm đồng.", book.Render(PhraseKeys.AmountReceived, arguments, NumberReadingStyle.North).Text);
    }

    [Fact]
    public void Get_UnknownPhrase_ThrowsListingKnownPhrases()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new PhraseBook(AllRequired()).Get("sing_a_song"));

        Assert.Contains("sing_a_song", error.Message, StringComparison.Ordinal);
        Assert.Contains(PhraseKeys.LowBattery, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SeveralProblems_ListsThemAllInOneMessage()
    {
        var phrases = AllRequired();
        phrases.Remove(PhraseKeys.LowBattery);
        phrases[PhraseKeys.Paired] = "Kết nối 100%";
        var models = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["S5 Plus"] = new Dictionary<string, string> { ["dance"] = "Nhảy." },
        };

        var error = Assert.Throws<FormatException>(() => new PhraseBook(phrases, models));

        Assert.Contains(PhraseKeys.LowBattery, error.Message, StringComparison.Ordinal);
        Assert.Contains("100%", error.Message, StringComparison.Ordinal);
        Assert.Contains("dance", error.Message, StringComparison.Ordinal);
    }
}
