using SoundBoxSim.Voice.Numbers;

namespace SoundBoxSim.Voice.Tests.Numbers;

public sealed class VietnameseNumberReaderTests
{
    // Readings as a Northern cashier says them; each row exercises one rule.
    [Theory]
    [InlineData(0, "không")]
    [InlineData(1, "một")]
    [InlineData(4, "bốn")]
    [InlineData(5, "năm")]
    [InlineData(10, "mười")]
    [InlineData(11, "mười một")]                       // mười + một, never mốt
    [InlineData(14, "mười bốn")]                       // tư only after tens of 2 or more
    [InlineData(15, "mười lăm")]                       // lăm after mười
    [InlineData(19, "mười chín")]
    [InlineData(20, "hai mươi")]                       // mươi after 2-9 tens
    [InlineData(21, "hai mươi mốt")]                   // mốt after mươi
    [InlineData(24, "hai mươi tư")]
    [InlineData(25, "hai mươi lăm")]
    [InlineData(31, "ba mươi mốt")]
    [InlineData(55, "năm mươi lăm")]
    [InlineData(99, "chín mươi chín")]
    [InlineData(100, "một trăm")]
    [InlineData(101, "một trăm linh một")]             // linh, and một (not mốt) after it
    [InlineData(104, "một trăm linh bốn")]             // bốn, not tư, after linh
    [InlineData(105, "một trăm linh năm")]             // năm, not lăm, after linh
    [InlineData(110, "một trăm mười")]
    [InlineData(115, "một trăm mười lăm")]
    [InlineData(121, "một trăm hai mươi mốt")]
    [InlineData(1_000, "một nghìn")]
    [InlineData(1_001, "một nghìn không trăm linh một")] // không trăm inside a non-leading group
    [InlineData(1_010, "một nghìn không trăm mười")]
    [InlineData(1_050, "một nghìn không trăm năm mươi")]
    [InlineData(1_100, "một nghìn một trăm")]
    [InlineData(10_000, "mười nghìn")]
    [InlineData(15_000, "mười lăm nghìn")]
    [InlineData(21_000, "hai mươi mốt nghìn")]
    [InlineData(105_000, "một trăm linh năm nghìn")]
    [InlineData(150_000, "một trăm năm mươi nghìn")]
    [InlineData(1_000_000, "một triệu")]               // all-zero groups say nothing
    [InlineData(1_000_005, "một triệu không trăm linh năm")]
    [InlineData(1_005_000, "một triệu không trăm linh năm nghìn")]
    [InlineData(1_500_000, "một triệu năm trăm nghìn")]
    [InlineData(2_024_000, "hai triệu không trăm hai mươi tư nghìn")]
    [InlineData(1_000_000_000, "một tỷ")]
    [InlineData(1_001_000_000, "một tỷ không trăm linh một triệu")]
    [InlineData(1_000_000_001, "một tỷ không trăm linh một")]
    [InlineData(25_000_000_000, "hai mươi lăm tỷ")]
    [InlineData(999_000_000_000, "chín trăm chín mươi chín tỷ")]
    [InlineData(1_000_000_000_000, "một nghìn tỷ")]     // past 999 tỷ the count of tỷ is read as a number
    [InlineData(5_000_000_000_005, "năm nghìn tỷ không trăm linh năm")]
    [InlineData(1_234_567_891_011, "một nghìn hai trăm ba mươi tư tỷ năm trăm sáu mươi bảy triệu tám trăm chín mươi mốt nghìn không trăm mười một")]
    [InlineData(999_999_999_999_999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín")]
    public void Read_North_ReadsLikeACashier(long amount, string expected) =>
        Assert.Equal(expected, VietnameseNumberReader.Read(amount, NumberReadingStyle.North));

    [Theory]
    [InlineData(24, "hai mươi bốn")]
    [InlineData(105, "một trăm lẻ năm")]
    [InlineData(1_005_000, "một triệu không trăm lẻ năm ngàn")]
    [InlineData(5_000_000_000_005, "năm ngàn tỷ không trăm lẻ năm")]
    [InlineData(21_000, "hai mươi mốt ngàn")]
    [InlineData(15, "mười lăm")]
    public void Read_South_UsesLeNganBon(long amount, string expected) =>
        Assert.Equal(expected, VietnameseNumberReader.Read(amount, NumberReadingStyle.South));

    [Fact]
    public void Read_CustomStyle_UsesEachChoice() =>
        Assert.Equal("một nghìn tỉ không trăm lẻ bốn triệu không trăm hai mươi bốn",
            VietnameseNumberReader.Read(1_000_004_000_024, new NumberReadingStyle("lẻ", "nghìn", "tỉ", FourAfterTens: false)));

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(VietnameseNumberReader.MaxAmount + 1)]
    [InlineData(long.MaxValue)]
    public void Read_OutOfRange_ThrowsWithRangeInMessage(long amount)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => VietnameseNumberReader.Read(amount, NumberReadingStyle.North));
        Assert.Contains("999,999,999,999,999", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0427", "không bốn hai bảy")]
    [InlineData("1514", "một năm một bốn")]     // digits keep their plain names: no lăm, no tư, no mốt
    [InlineData("0000", "không không không không")]
    [InlineData("9", "chín")]
    public void ReadDigits_ReadsEachDigitOnItsOwn(string digits, string expected) =>
        Assert.Equal(expected, VietnameseNumberReader.ReadDigits(digits));

    [Theory]
    [InlineData("")]
    [InlineData("12a4")]
    [InlineData("-123")]
    [InlineData("١٢٣٤")] // non-ASCII digits
    public void ReadDigits_NotAsciiDigits_Throws(string digits) =>
        Assert.Throws<ArgumentException>(() => VietnameseNumberReader.ReadDigits(digits));

    [Fact]
    public void Vocabulary_CoversEveryWordOfManyReadings()
    {
        var random = new Random(20261122);
        foreach (var style in new[] { NumberReadingStyle.North, NumberReadingStyle.South })
        {
            var vocabulary = VietnameseNumberReader.Vocabulary(style).ToHashSet();
            for (var i = 0; i < 20_000; i++)
            {
                var amount = random.NextInt64(0, VietnameseNumberReader.MaxAmount / (long)Math.Pow(10, random.Next(0, 15)) + 1);
                Assert.Subset(vocabulary, VietnameseNumberReader.Read(amount, style).Split(' ').ToHashSet());
            }
        }
    }
}
