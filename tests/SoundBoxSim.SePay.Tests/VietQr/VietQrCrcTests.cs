using System.Text;
using SoundBoxSim.SePay.VietQr;

namespace SoundBoxSim.SePay.Tests.VietQr;

public sealed class VietQrCrcTests
{
    [Fact]
    public void Crc_OfTheStandardCheckString_Is29B1()
    {
        // The published check value of CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR).
        Assert.Equal(0x29B1, VietQrCrc.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal("29B1", VietQrCrc.ComputeHex("123456789"));
    }

    [Fact]
    public void Crc_OfNothing_IsTheInitialValue()
    {
        Assert.Equal(0xFFFF, VietQrCrc.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Crc_IsWrittenAsFourUpperCaseHexDigits_EvenWhenSmall()
    {
        // Find inputs whose CRC has leading zero nibbles or letters, and check the text form against the number.
        var seen = new HashSet<int>();
        for (var i = 0; i < 20_000 && seen.Count < 2; i++)
        {
            var text = $"x{i}";
            var crc = VietQrCrc.Compute(Encoding.ASCII.GetBytes(text));
            var hex = VietQrCrc.ComputeHex(text);
            Assert.Equal(4, hex.Length);
            Assert.Equal(crc, Convert.ToUInt16(hex, 16));
            Assert.DoesNotContain(hex, c => c is >= 'a' and <= 'f');
            if (crc < 0x1000)
            {
                seen.Add(0);
            }

            if (hex.Any(c => c is >= 'A' and <= 'F'))
            {
                seen.Add(1);
            }
        }

        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Crc_DetectsEverySingleCharacterChange()
    {
        const string content = "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304";
        var original = VietQrCrc.Compute(content);
        for (var i = 0; i < content.Length; i++)
        {
            foreach (var replacement in "0A z~")
            {
                if (replacement == content[i])
                {
                    continue;
                }

                var changed = content[..i] + replacement + content[(i + 1)..];
                Assert.NotEqual(original, VietQrCrc.Compute(changed));
            }
        }
    }
}
