using SoundBoxSim.SePay.Banks;
using SoundBoxSim.SePay.Tests.VietQr.Support;
using SoundBoxSim.SePay.VietQr;

namespace SoundBoxSim.SePay.Tests.VietQr;

public sealed class VietQrPayloadTests
{
    // Payloads published by other VietQR implementations (the READMEs of xuannghia/vietnam-qr-pay, duyquoc1508/napas-qr
    // and subiz/vietqr), each also accepted by vietnam-qr-pay's CRC and length checks.
    private const string PublishedStatic = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F";
    private const string PublishedDynamic = "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6";
    private const string PublishedWithBillNumber = "00020101021238530010A0000007270123000697041601092245284790208QRIBFTTA53037045405100005802VN62340107NPS68690819TRANSFER TO SOMEONE6304AC13";
    private const string PublishedVietinBank = "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C";

    [Fact]
    public void Encode_StaticTransfer_IsThePublishedPayload()
    {
        Assert.Equal(PublishedStatic, VietQrPayload.Create("970416", "257678859").Encode());
    }

    [Fact]
    public void Encode_DynamicTransfer_IsThePublishedPayload()
    {
        Assert.Equal(PublishedDynamic, VietQrPayload.Create("970416", "257678859", 10_000, "Chuyen tien").Encode());
        Assert.Equal(PublishedVietinBank, VietQrPayload.Create("970415", "0011001932418", 120_000, "ung ho lu lut").ToString());
    }

    [Fact]
    public void Parse_PublishedPayloads_GiveTheirTransfers()
    {
        AssertTransfer(VietQrPayload.Parse(PublishedStatic), "970416", "257678859", null, null);
        AssertTransfer(VietQrPayload.Parse(PublishedDynamic), "970416", "257678859", 10_000, "Chuyen tien");
        AssertTransfer(VietQrPayload.Parse(PublishedVietinBank), "970415", "0011001932418", 120_000, "ung ho lu lut");
        // Another generator's payload with a bill number (62-01) the fake does not model: read, and ignored.
        AssertTransfer(VietQrPayload.Parse(PublishedWithBillNumber), "970416", "224528479", 10_000, "TRANSFER TO SOMEONE");
    }

    [Fact]
    public void Parse_AcceptsALowerCaseCrc()
    {
        var lower = PublishedDynamic[..^4] + PublishedDynamic[^4..].ToLowerInvariant();
        Assert.NotEqual(PublishedDynamic, lower);
        AssertTransfer(VietQrPayload.Parse(lower), "970416", "257678859", 10_000, "Chuyen tien");
    }

    [Fact]
    public void Encode_StartsWithTheFixedFields_AndEndsWithItsOwnCrc()
    {
        var payload = VietQrPayload.Create("970436", "0010000000355", 100_000, "DH12345").Encode();
        Assert.StartsWith("000201" + "010212" + "38", payload, StringComparison.Ordinal);
        Assert.Contains("0010A000000727", payload, StringComparison.Ordinal);
        Assert.Contains("0208QRIBFTTA", payload, StringComparison.Ordinal);
        Assert.Contains("5303704" + "5406100000" + "5802VN" + "62110807DH12345", payload, StringComparison.Ordinal);
        Assert.Equal("6304", payload[^8..^4]);
        Assert.Equal(VietQrCrc.ComputeHex(payload[..^4]), payload[^4..]);
        Assert.StartsWith("010211", VietQrPayload.Create("970436", "0010000000355").Encode()[6..], StringComparison.Ordinal);
    }

    [Fact]
    public void RoundTrip_EdgeAndRandomTransfers_ParseBackToWhatWasAsked()
    {
        foreach (var transfer in TransferSamples.Edges().Concat(TransferSamples.Random(seed: 20260523, count: 2_000)))
        {
            var payload = VietQrPayload.Create(transfer.Bin, transfer.Account, transfer.Amount, transfer.Description);
            var text = payload.Encode();
            var parsed = VietQrPayload.Parse(text);
            AssertTransfer(parsed, transfer.Bin, transfer.Account, transfer.Amount, transfer.Description);
            Assert.Equal(payload, parsed);
            Assert.Equal(text, parsed.Encode());
            Assert.Equal(transfer.Amount is not null, parsed.IsDynamic);
            Assert.True(VietQrPayload.TryParse(text, out var tried, out var error), error);
            Assert.Equal(payload, tried);
        }
    }

    [Fact]
    public void Create_EmptyDescription_MeansNone()
    {
        var payload = VietQrPayload.Create("970436", "123", 1000, "");
        Assert.Null(payload.Description);
        Assert.EndsWith("5802VN", payload.Encode()[..^8], StringComparison.Ordinal); // nothing (no 62) between country and CRC
    }

    [Theory]
    [InlineData("Vietcombank")]
    [InlineData("vietcombank")]
    [InlineData("VCB")]
    [InlineData("vcb")]
    [InlineData("970436")]
    public void ForBank_ByBrandCodeOrBin_UsesTheBanksBin(string bank)
    {
        var payload = VietQrPayload.ForBank(bank, "0010000000355", 100_000, "DH1");
        Assert.Equal("970436", payload.BankBin);
        Assert.Equal("Vietcombank", payload.Bank?.ShortName);
        Assert.Equal(VietQrPayload.Create("970436", "0010000000355", 100_000, "DH1"), payload);
    }

    [Fact]
    public void ForBank_EveryKnownBank_ResolvesByEachOfItsNames()
    {
        foreach (var bank in VietnameseBanks.All)
        {
            foreach (var name in new[] { bank.ShortName, bank.Code, bank.Bin })
            {
                Assert.Equal(bank.Bin, VietQrPayload.ForBank(name, "1").BankBin);
            }
        }
    }

    private static void AssertTransfer(VietQrPayload payload, string bin, string account, long? amount, string? description)
    {
        Assert.Equal(bin, payload.BankBin);
        Assert.Equal(account, payload.AccountNumber);
        Assert.Equal(amount, payload.Amount);
        Assert.Equal(description, payload.Description);
    }
}
