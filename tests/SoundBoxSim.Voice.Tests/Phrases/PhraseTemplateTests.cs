using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Tests.Phrases;

public sealed class PhraseTemplateTests
{
    [Fact]
    public void Render_Amount_FillsTextAndTokensWithTheReading()
    {
        var template = new PhraseTemplate("Đã nhận {amount} đồng.");

        var utterance = template.Render(new PhraseArguments { Amount = 1_005_000 }, NumberReadingStyle.North);

        Assert.Equal("Đã nhận một triệu không trăm linh năm nghìn đồng.", utterance.Text);
        Assert.Equal(["đã", "nhận", "một", "triệu", "không", "trăm", "linh", "năm", "nghìn", "đồng"], utterance.Words);
        Assert.True(utterance.Tokens[^1].IsPause);
    }

    [Fact]
    public void Render_OtpTwice_SaysDigitsTwiceWithPauses()
    {
        var template = new PhraseTemplate("Mã xác thực là {otp}. Xin nhắc lại, {otp}.");

        var utterance = template.Render(new PhraseArguments { Otp = "0427" }, NumberReadingStyle.North);

        Assert.Equal("Mã xác thực là không bốn hai bảy. Xin nhắc lại, không bốn hai bảy.", utterance.Text);
        Assert.Equal(3, utterance.Tokens.Count(t => t.IsPause));
        Assert.Equal("mã xác thực là không bốn hai bảy, xin nhắc lại, không bốn hai bảy", utterance.SpokenText);
    }

    [Fact]
    public void Render_Number_ReadsAsNumberInRegionStyle() =>
        Assert.Equal("Âm lượng hai mươi bốn.",
            new PhraseTemplate("Âm lượng {number}.").Render(new PhraseArguments { Number = 24 }, NumberReadingStyle.South).Text);

    [Fact]
    public void Render_MissingValue_ThrowsNamingPlaceholder()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new PhraseTemplate("Đã nhận {amount} đồng.").Render(PhraseArguments.None, NumberReadingStyle.North));

        Assert.Contains("{amount}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Đã nhận {price} đồng", "{price}")]
    [InlineData("Đã nhận 100 đồng", "'100'")]
    [InlineData("SePay-2 xin chào", "'SePay-2'")]
    public void Constructor_BadTemplate_ThrowsNamingTheProblem(string text, string named)
    {
        var error = Assert.Throws<FormatException>(() => new PhraseTemplate(text));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_LowerCasesAndDropsPunctuation() =>
        Assert.Equal(["pin", "yếu", "vui", "lòng", "sạc", "pin"], new PhraseTemplate("Pin yếu, vui lòng sạc pin!").Words);
}
