using System.Globalization;
using System.Text;
using SoundBoxSim.SePay.VietQr;

namespace SoundBoxSim.SePay.Tests.VietQr;

public sealed class VietQrHostileInputTests
{
    private const string Bin = "970436", Account = "0010000000355";

    // --- building -----------------------------------------------------------------------------------

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("97043", "6 digits")]
    [InlineData("9704366", "6 digits")]
    [InlineData("97043a", "6 digits")]
    [InlineData(" 970436", "6 digits")]
    [InlineData("９７０４３６", "6 digits")] // full-width digits: char.IsDigit says yes, VietQR says no
    [InlineData("97043\u0660", "6 digits")] // an Arabic-Indic zero
    public void Create_BadBin_IsRefused(string? bin, string says)
    {
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(bin, Account));
        Assert.Equal(VietQrField.Bank, error.Field);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("12345678901234567890", "19")]
    [InlineData("123-456", "'-'")]
    [InlineData("123 456", "' '")]
    [InlineData("１２３", "U+FF11")]
    [InlineData("số1", "U+1ED1")]
    [InlineData("12\u00003", "U+0000")]
    [InlineData("12\n3", "U+000A")]
    public void Create_BadAccountNumber_IsRefused(string? account, string says)
    {
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(Bin, account));
        Assert.Equal(VietQrField.AccountNumber, error.Field);
        Assert.Contains("account number", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    [InlineData(10_000_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void Create_AmountOutOfRange_IsRefused(long amount)
    {
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(Bin, Account, amount));
        Assert.Equal(VietQrField.Amount, error.Field);
        Assert.Contains("9,999,999,999,999", error.Message, StringComparison.Ordinal);
        Assert.Contains(amount.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AmountsAtTheEdges_AreAccepted()
    {
        Assert.Equal(1, VietQrPayload.Create(Bin, Account, 1).Amount);
        Assert.Equal(9_999_999_999_999, VietQrPayload.Create(Bin, Account, 9_999_999_999_999).Amount);
    }

    [Theory]
    [InlineData("Thanh toán đơn hàng", "U+00E1", "Thanh toan don hang")]
    [InlineData("ĐẶT CỌC", "U+0110", "DAT COC")]
    [InlineData("line\nbreak", "U+000A", null)]
    [InlineData("tab\there", "U+0009", null)]
    [InlineData("nul\u0000", "U+0000", null)]
    [InlineData("del\u007f", "U+007F", null)]
    [InlineData("zero\u200Bwidth", "U+200B", null)]
    [InlineData("emoji 😀", "U+1F600", null)]
    [InlineData("replacement \uFFFD", "U+FFFD", null)]
    public void Create_DescriptionWithCharactersVietQrCannotCarry_IsRefused(string description, string says, string? hint)
    {
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(Bin, Account, 1000, description));
        Assert.Equal(VietQrField.Description, error.Field);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("printable ASCII", error.Message, StringComparison.Ordinal);
        if (hint is not null)
        {
            Assert.Contains($"\"{hint}\"", error.Message, StringComparison.Ordinal);
        }

        // The message never carries a control character back to whoever shows it.
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Fact]
    public void Create_DescriptionWithALoneSurrogate_IsRefused()
    {
        // Built here: a lone surrogate does not survive a theory's data serialisation.
        var description = "lone " + (char)0xD800 + " surrogate";
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(Bin, Account, 1000, description));
        Assert.Equal(VietQrField.Description, error.Field);
        Assert.Contains("U+D800", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsSurrogate);
    }

    [Fact]
    public void Create_DescriptionOfFiftyCharacters_IsAccepted_AndOfFiftyOne_IsRefused()
    {
        Assert.Equal(50, VietQrPayload.Create(Bin, Account, 1000, new string('d', 50)).Description!.Length);
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(Bin, Account, 1000, new string('d', 51)));
        Assert.Equal(VietQrField.Description, error.Field);
        Assert.Contains("51", error.Message, StringComparison.Ordinal);
        Assert.Contains("50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DescriptionOfOnlySpaces_IsRefused()
    {
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.Create(Bin, Account, 1000, "   "));
        Assert.Equal(VietQrField.Description, error.Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("NoSuchBank")]
    [InlineData("970999")]
    [InlineData("VCB ")]
    [InlineData("Vietcombank'; DROP TABLE banks;--")]
    public void ForBank_UnknownBank_IsRefused_NamingTheBanksThatExist(string? bank)
    {
        var error = Assert.Throws<VietQrInputException>(() => VietQrPayload.ForBank(bank, Account));
        Assert.Equal(VietQrField.Bank, error.Field);
        Assert.Contains("Vietcombank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlvWriter_RefusesAValueOfMoreThan99Characters_OrNone()
    {
        Assert.Equal("0899" + new string('x', 99), Tlv.Append(new StringBuilder(), "08", new string('x', 99)).ToString());
        Assert.Contains("100", Assert.Throws<ArgumentException>(() => Tlv.Append(new StringBuilder(), "08", new string('x', 100))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Tlv.Append(new StringBuilder(), "08", ""));
        Assert.Throws<ArgumentException>(() => Tlv.Append(new StringBuilder(), "8", "x"));
        Assert.Throws<ArgumentException>(() => Tlv.Append(new StringBuilder(), "0A", "x"));
    }

    [Fact]
    public void Encode_LongestInputs_KeepEveryLengthWithin99()
    {
        var payload = VietQrPayload.Create("970436", new string('Z', 19), 9_999_999_999_999, new string('~', 50)).Encode();
        // Walk the payload independently of the parser: every length is two digits within 01..99 and fits what follows.
        AssertWellFormed(payload, 0, payload.Length, nestedIn: ["38", "62"]);
    }

    // --- parsing ------------------------------------------------------------------------------------

    public static TheoryData<string, string> MalformedPayloads()
    {
        var good = VietQrPayload.Create(Bin, Account, 100_000, "DH12345").Encode();
        var account = Acc();
        var tail = T("53", "704") + T("54", "100000") + T("58", "VN");
        return new TheoryData<string, string>
        {
            { "", "empty" },
            { "6304", "CRC" },
            { "63041D3A", "CRC" },
            { good[..^1] + (good[^1] == '0' ? '1' : '0'), "CRC mismatch" },
            { good[..^4] + "ZZZZ", "hexadecimal" },
            { good[..10] + good[11..], "CRC mismatch" }, // one character dropped
            { good.Replace("DH12345", "DH12346", StringComparison.Ordinal), "CRC mismatch" },
            { good.Replace("DH12345", "DH1234é", StringComparison.Ordinal), "U+00E9" },
            { good.Replace("DH12345", "DH1234\n", StringComparison.Ordinal), "U+000A" },
            { new string('0', VietQrPayload.MaxPayloadLength + 1), "more than any QR code" },
            { WithCrc(T("00", "01") + T("01", "12") + "3899" + account + tail), "claims 99" },
            { WithCrc(T("00", "01") + "0100" + T("38", account) + tail), "length 00" },
            { WithCrc(T("00", "01") + "01x2" + "12" + T("38", account) + tail), "not two digits" },
            { WithCrc("A00201" + T("01", "12") + T("38", account) + tail), "not two digits" },
            { WithCrc(T("00", "01") + T("00", "01") + T("01", "12") + T("38", account) + tail), "twice" },
            { WithCrc(T("01", "12") + T("00", "01") + T("38", account) + tail), "must be 00" },
            { WithCrc(T("00", "02") + T("01", "12") + T("38", account) + tail), "payload format" },
            { WithCrc(T("00", "01") + T("01", "13") + T("38", account) + tail), "11 (static) or 12" },
            { WithCrc(T("00", "01") + T("01", "11") + T("38", account) + tail), "static" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("58", "VN")), "no amount" },
            { WithCrc(T("00", "01") + T("01", "12") + tail), "ID 38" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", Acc(guid: "A000000775")) + tail), "GUID" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", Acc(service: "QRIBFTTC")) + tail), "service" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", T("00", "A000000727") + "0130" + T("00", Bin) + T("01", Account) + T("02", "QRIBFTTA")) + tail), "template 38" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", T("00", "A000000727") + T("01", "0006" + Bin + "0199" + Account) + T("02", "QRIBFTTA")) + tail), "template 38-01" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", T("00", "A000000727") + T("01", T("01", Account)) + T("02", "QRIBFTTA")) + tail), "bank BIN" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "840") + T("54", "1") + T("58", "VN")), "currency" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("54", "1") + T("58", "US")), "country" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("54", "10000.50") + T("58", "VN")), "whole number" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("54", "-5") + T("58", "VN")), "whole number" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("54", "0") + T("58", "VN")), "whole number" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("54", "0100") + T("58", "VN")), "leading zeros" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + T("53", "704") + T("54", "10000000000000") + T("58", "VN")), "whole number" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", Acc(bin: "97043")) + tail), "6 digits" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", Acc(account: new string('1', 20))) + tail), "19" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + tail + T("62", T("08", new string('x', 51)))), "51 characters" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + tail + T("62", "0899xx")), "template 62" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + tail) + T("99", "x"), "CRC" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + tail).Insert(6, "6304"), "CRC mismatch" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + tail + "5"), "claims 30" },
            { WithCrc(T("00", "01") + T("01", "12") + T("38", account) + tail + T("62", T("08", "x") + "5")), "too few" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Parse_MalformedPayload_IsRefusedSayingWhy(string payload, string says)
    {
        var error = Assert.Throws<FormatException>(() => VietQrPayload.Parse(payload));
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.False(VietQrPayload.TryParse(payload, out var result, out var message));
        Assert.Null(result);
        Assert.Equal(error.Message, message);
    }

    [Fact]
    public void Parse_Null_IsAnArgumentError_AndTryParseSaysSo()
    {
        Assert.Throws<ArgumentNullException>(() => VietQrPayload.Parse(null!));
        Assert.False(VietQrPayload.TryParse(null, out _, out var message));
        Assert.NotNull(message);
    }

    [Fact]
    public void Parse_ASecondCrcFieldInside_IsRefused()
    {
        // A well-formed TLV sequence with an ID 63 inside as well as at the end, its CRC correct.
        var content = T("00", "01") + T("01", "11") + T("38", Acc()) + T("53", "704") + T("58", "VN") + T("63", "ABCD") + "6304";
        var error = Assert.Throws<FormatException>(() => VietQrPayload.Parse(content + VietQrCrc.ComputeHex(content)));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RandomMutationsWithARepairedCrc_EitherReadBackConsistentlyOrFailAsFormatErrors()
    {
        var random = new Random(97_04_36);
        var good = VietQrPayload.Create(Bin, Account, 100_000, "DH12345 thanh toan").Encode()[..^8];
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var content = new StringBuilder(good);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(content.Length);
                var c = random.Next(4) == 0 ? (char)random.Next(0, 0x250) : "0123456789"[random.Next(10)];
                switch (random.Next(3))
                {
                    case 0: content[at] = c; break;
                    case 1: content.Insert(at, c); break;
                    default: content.Remove(at, 1); break;
                }
            }

            var text = content.Append("6304").ToString();
            var payload = text + VietQrCrc.ComputeHex(text);
            try
            {
                var parsed = VietQrPayload.Parse(payload);
                accepted++;
                Assert.Equal(parsed, VietQrPayload.Parse(parsed.Encode()));
            }
            catch (FormatException)
            {
            }
        }

        // Some mutations (a digit of the amount, a letter of the description) still make valid transfers.
        Assert.InRange(accepted, 1, 19_999);
    }

    private static string T(string tag, string value) => tag + value.Length.ToString("D2", CultureInfo.InvariantCulture) + value;

    private static string Acc(string guid = "A000000727", string bin = Bin, string account = Account, string service = "QRIBFTTA") =>
        T("00", guid) + T("01", T("00", bin) + T("01", account)) + T("02", service);

    private static string WithCrc(string content) => content + "6304" + VietQrCrc.ComputeHex(content + "6304");

    private static void AssertWellFormed(string text, int start, int end, string[] nestedIn)
    {
        var i = start;
        while (i < end)
        {
            var tag = text.Substring(i, 2);
            var length = int.Parse(text.AsSpan(i + 2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            Assert.InRange(length, 1, 99);
            Assert.True(i + 4 + length <= end, $"ID {tag} at {i} overruns its container");
            if (nestedIn.Contains(tag) || (tag == "01" && start > 0 && text.Substring(start, 4) == "0010"))
            {
                AssertWellFormed(text, i + 4, i + 4 + length, nestedIn);
            }

            i += 4 + length;
        }

        Assert.Equal(end, i);
    }
}
