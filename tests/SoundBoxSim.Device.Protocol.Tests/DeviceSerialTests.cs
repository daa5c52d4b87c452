using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Device.Protocol.Tests;

public sealed class DeviceSerialTests
{
    [Theory]
    [InlineData("VNS52508000001", "VNS", 52508000001L, 11)]
    [InlineData("A0", "A", 0L, 1)]
    [InlineData("VNS0007", "VNS", 7L, 4)]
    [InlineData("ABCDEFGH999999999999999999", "ABCDEFGH", 999_999_999_999_999_999L, 18)]
    public void Parse_ValidSerial_SplitsPrefixNumberAndDigits(string text, string prefix, long number, int digits)
    {
        var serial = DeviceSerial.Parse(text);

        Assert.Equal(prefix, serial.Prefix);
        Assert.Equal(number, serial.Number);
        Assert.Equal(digits, serial.Digits);
        Assert.Equal(text, serial.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("VNS")]
    [InlineData("52508000001")]
    [InlineData("vns52508000001")]
    [InlineData("VNs52508000001")]
    [InlineData(" VNS1")]
    [InlineData("VNS1 ")]
    [InlineData("VNS 1")]
    [InlineData("VNS-1")]
    [InlineData("VNS1A")]
    [InlineData("ABCDEFGHI1")]                 // nine letters
    [InlineData("A1234567890123456789")]       // nineteen digits
    [InlineData("VNŠ1")]                       // not ASCII
    [InlineData("VNS１")]                      // a full-width digit
    [InlineData("VNS٣")]                       // an Arabic-Indic digit
    public void Parse_NotASerial_ThrowsFormatExceptionShowingTheShape(string text)
    {
        var error = Assert.Throws<FormatException>(() => DeviceSerial.Parse(text));

        Assert.Contains("1 to 8 upper-case ASCII letters then 1 to 18 digits", error.Message, StringComparison.Ordinal);
        Assert.Contains("VNS52508000001", error.Message, StringComparison.Ordinal);
        Assert.False(DeviceSerial.TryParse(text, out var serial));
        Assert.Equal(default, serial);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull() =>
        Assert.Throws<ArgumentNullException>(() => DeviceSerial.Parse(null!));

    [Fact]
    public void TryParse_Null_ReturnsFalse() =>
        Assert.False(DeviceSerial.TryParse((string?)null, out _));

    [Fact]
    public void Parse_VeryLongInput_ShortensItInTheMessage()
    {
        var error = Assert.Throws<FormatException>(() => DeviceSerial.Parse(new string('X', 10_000)));

        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Theory]
    [InlineData("VNS52508000001", "VNS52508000002")]
    [InlineData("VNS0099", "VNS0100")]
    [InlineData("A0", "A1")]
    [InlineData("AB899999999999999999", "AB900000000000000000")]
    public void Next_KeepsPrefixAndWidth(string text, string expected) =>
        Assert.Equal(expected, DeviceSerial.Parse(text).Next().ToString());

    [Theory]
    [InlineData("VNS999")]
    [InlineData("A9")]
    [InlineData("A999999999999999999")]
    public void Next_AllNines_ThrowsOverflow(string text)
    {
        var error = Assert.Throws<OverflowException>(() => DeviceSerial.Parse(text).Next());

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_Default_ThrowsInvalidOperation() =>
        Assert.Throws<InvalidOperationException>(() => default(DeviceSerial).Next());

    [Fact]
    public void Range_Count_GivesConsecutiveSerials()
    {
        var serials = DeviceSerial.Range(DeviceSerial.Parse("VNS0998"), 4);

        Assert.Equal(["VNS0998", "VNS0999", "VNS1000", "VNS1001"], serials.Select(s => s.ToString()));
    }

    [Fact]
    public void Range_Zero_IsEmpty()
    {
        Assert.Empty(DeviceSerial.Range(DeviceSerial.Parse("VNS1"), 0));
        Assert.Empty(DeviceSerial.Range(default, 0));
    }

    [Fact]
    public void Range_EndsOnTheLastSerial_IsAllowed() =>
        Assert.Equal("VNS999", DeviceSerial.Range(DeviceSerial.Parse("VNS998"), 2)[^1].ToString());

    [Fact]
    public void Range_RunsPastTheLastSerial_ThrowsOverflow()
    {
        var error = Assert.Throws<OverflowException>(() => DeviceSerial.Range(DeviceSerial.Parse("VNS998"), 3));

        Assert.Contains("VNS999", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    [InlineData(int.MaxValue)]
    public void Range_CountOutOfRange_ThrowsArgumentOutOfRange(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceSerial.Range(DeviceSerial.Parse("VNS1000000000"), count));

    [Fact]
    public void Range_AMillion_GivesAMillionDistinctSerialsInOrder()
    {
        var serials = DeviceSerial.Range(DeviceSerial.Parse("VNS52508000001"), DeviceSerial.MaxRangeCount);

        Assert.Equal(1_000_000, serials.Count);
        Assert.Equal("VNS52508000001", serials[0].ToString());
        Assert.Equal("VNS52509000000", serials[^1].ToString());
        Assert.Equal(serials.Count, serials.Distinct().Count());
        Assert.True(serials.Zip(serials.Skip(1)).All(pair => pair.First < pair.Second));
    }

    [Fact]
    public void Range_Default_ThrowsInvalidOperation() =>
        Assert.Throws<InvalidOperationException>(() => DeviceSerial.Range(default, 1));

    [Fact]
    public void Equality_ComparesPrefixNumberAndWidth()
    {
        Assert.Equal(DeviceSerial.Parse("VNS01"), DeviceSerial.Parse("VNS01"));
        Assert.NotEqual(DeviceSerial.Parse("VNS01"), DeviceSerial.Parse("VNS1"));
        Assert.NotEqual(DeviceSerial.Parse("VNS1"), DeviceSerial.Parse("VNT1"));
        Assert.Equal(DeviceSerial.Parse("VNS01").GetHashCode(), DeviceSerial.Parse("VNS01").GetHashCode());
    }

    [Fact]
    public void CompareTo_OrdersByPrefixThenNumberThenWidth()
    {
        string[] shuffled = ["VNS10", "AB5", "VNS9", "VNS009", "VNT1", "VNS0010"];

        var sorted = shuffled.Select(DeviceSerial.Parse).Order().Select(s => s.ToString());

        Assert.Equal(["AB5", "VNS9", "VNS009", "VNS10", "VNS0010", "VNT1"], sorted);
        Assert.True(DeviceSerial.Parse("VNS9") < DeviceSerial.Parse("VNS10"));
        Assert.True(DeviceSerial.Parse("VNS10") >= DeviceSerial.Parse("VNS10"));
        Assert.Equal(0, DeviceSerial.Parse("VNS10").CompareTo(DeviceSerial.Parse("VNS10")));
    }

    [Fact]
    public void Create_Parts_GivesTheSerial() =>
        Assert.Equal(DeviceSerial.Parse("VNS0042"), DeviceSerial.Create("VNS", 42, 4));

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("vns", 1, 1)]
    [InlineData("ABCDEFGHI", 1, 1)]
    [InlineData("VNS", -1, 3)]
    [InlineData("VNS", 1000, 3)]
    [InlineData("VNS", 1, 0)]
    [InlineData("VNS", 1, 19)]
    public void Create_PartOutOfRange_ThrowsArgumentException(string prefix, long number, int digits) =>
        Assert.ThrowsAny<ArgumentException>(() => DeviceSerial.Create(prefix, number, digits));

    [Fact]
    public void Default_PrintsAsEmpty() => Assert.Equal(string.Empty, default(DeviceSerial).ToString());
}
