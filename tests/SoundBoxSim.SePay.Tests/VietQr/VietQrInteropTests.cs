using System.Globalization;
using System.Text.Json;
using SoundBoxSim.SePay.Tests.VietQr.Support;
using SoundBoxSim.SePay.VietQr;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.VietQr;

/// <summary>
/// Our payloads and images against independent implementations run with node: vietnam-qr-pay (a VietQR decoder and
/// encoder), and jsqr with pngjs (a QR scanner and a PNG decoder). A missing node or package fails these tests.
/// </summary>
public sealed class VietQrInteropTests
{
    private const string QrPay = "vietnam-qr-pay";

    [Fact]
    public async Task VietnamQrPay_DecodesOurPayloads_AsTheTransfersAsked()
    {
        var transfers = TransferSamples.Edges().Concat(TransferSamples.Random(seed: 704, count: 150)).ToList();
        var payloads = transfers.Select(t => VietQrPayload.Create(t.Bin, t.Account, t.Amount, t.Description).Encode()).ToList();

        var decoded = await NodeTools.RunJsonAsync("vietqr-decode.mjs", payloads, QrPay);

        Assert.Equal(transfers.Count, decoded.GetArrayLength());
        for (var i = 0; i < transfers.Count; i++)
        {
            var (transfer, theirs) = (transfers[i], decoded[i]);
            var context = $"transfer {transfer}, payload {payloads[i]}";
            Assert.True(theirs.GetProperty("isValid").GetBoolean(), $"vietnam-qr-pay rejects {context}");
            Assert.Equal(transfer.Account, Text(theirs, "accountNumber"));
            Assert.Equal(transfer.Bin, Text(theirs, "bankBin"));
            Assert.Equal(transfer.Amount?.ToString(CultureInfo.InvariantCulture), Text(theirs, "amount"));
            Assert.Equal(transfer.Description, Text(theirs, "purpose"));
            Assert.Equal(transfer.Amount is null ? "11" : "12", Text(theirs, "initMethod"));
            Assert.Equal("01", Text(theirs, "version"));
            Assert.Equal("A000000727", Text(theirs, "guid"));
            Assert.Equal("QRIBFTTA", Text(theirs, "service"));
            Assert.Equal("704", Text(theirs, "currency"));
            Assert.Equal("VN", Text(theirs, "country"));
        }
    }

    [Fact]
    public async Task VietnamQrPay_BuildsTheSamePayloads_CharacterForCharacter()
    {
        var transfers = TransferSamples.Edges().Concat(TransferSamples.Random(seed: 970_422, count: 150)).ToList();
        var request = JsonSerializer.Serialize(transfers.Select(t => new
        {
            bankBin = t.Bin,
            accountNumber = t.Account,
            amount = t.Amount?.ToString(CultureInfo.InvariantCulture),
            purpose = t.Description,
        }));

        var theirs = await NodeTools.RunJsonAsync("vietqr-encode.mjs", [request], QrPay);

        Assert.Equal(transfers.Count, theirs.GetArrayLength());
        for (var i = 0; i < transfers.Count; i++)
        {
            var t = transfers[i];
            var their = theirs[i].GetString()!;
            Assert.Equal(their, VietQrPayload.Create(t.Bin, t.Account, t.Amount, t.Description).Encode());
            var parsed = VietQrPayload.Parse(their);
            Assert.Equal((t.Bin, t.Account, t.Amount, t.Description), (parsed.BankBin, parsed.AccountNumber, parsed.Amount, parsed.Description));
        }
    }

    [Fact]
    public async Task VietnamQrPay_AndWe_BothRefuseATamperedPayload()
    {
        var good = VietQrPayload.Create("970436", "0010000000355", 100_000, "DH12345").Encode();
        var tampered = new[]
        {
            good.Replace("100000", "900000", StringComparison.Ordinal),
            good.Replace("0010000000355", "0010000000356", StringComparison.Ordinal),
            good.Replace("DH12345", "DH12346", StringComparison.Ordinal),
            good[..^1] + (good[^1] == 'F' ? 'E' : 'F'),
        };

        var decoded = await NodeTools.RunJsonAsync("vietqr-decode.mjs", [good, .. tampered], QrPay);

        Assert.True(decoded[0].GetProperty("isValid").GetBoolean());
        for (var i = 0; i < tampered.Length; i++)
        {
            Assert.False(decoded[i + 1].GetProperty("isValid").GetBoolean(), $"vietnam-qr-pay accepts {tampered[i]}");
            Assert.Throws<FormatException>(() => VietQrPayload.Parse(tampered[i]));
        }
    }

    [Fact]
    public async Task QrScanner_ReadsOurPng_BackToThePayload_AndItsTransfer()
    {
        var cases = new (string Acc, string Bank, string? Amount, string? Des, string? Size)[]
        {
            ("0010000000355", "Vietcombank", "100000", "ung ho quy bao tro tre em", null),
            ("0010000000355", "VCB", null, null, null),
            ("PSP123456789000000", "970416", "9999999999999", new string('~', 20) + " 6304ABCD !\"#$%&'()*+,-./:;<", "3"),
            ("1", "MB", "1", "A", "1"),
        };
        var folder = RepoPaths.NewTempFolder("vietqr-png");
        await using var server = await VietQrServer.StartAsync();
        var files = new List<string>();
        var payloads = new List<string>();
        foreach (var (acc, bank, amount, des, size) in cases)
        {
            var query = VietQrServer.Query(("acc", acc), ("bank", bank), ("amount", amount), ("des", des), ("size", size));
            var image = await server.GetAsync($"/img?{query}");
            Assert.Equal(200, image.Status);
            var file = Path.Combine(folder, $"qr-{files.Count}.png");
            await File.WriteAllBytesAsync(file, image.Body, TestContext.Current.CancellationToken);
            files.Add(file);
            payloads.Add((await server.GetAsync($"/img/payload?{query}")).Text);
        }

        var scanned = await NodeTools.RunJsonAsync("qr-png-decode.mjs", files, "jsqr", "pngjs");
        var texts = Enumerable.Range(0, cases.Length).Select(i => scanned[i].GetProperty("text").GetString()).ToList();
        var decoded = await NodeTools.RunJsonAsync("vietqr-decode.mjs", texts.Select(t => t ?? "")!, QrPay);

        for (var i = 0; i < cases.Length; i++)
        {
            var (acc, _, amount, des, _) = cases[i];
            Assert.True(texts[i] is not null, $"jsqr found no QR code in {files[i]}");
            Assert.Equal(payloads[i], texts[i]);
            Assert.True(decoded[i].GetProperty("isValid").GetBoolean());
            Assert.Equal(acc, Text(decoded[i], "accountNumber"));
            Assert.Equal(amount, Text(decoded[i], "amount"));
            Assert.Equal(des, Text(decoded[i], "purpose"));
        }

        Assert.Equal(["970436", "970436", "970416", "970422"], Enumerable.Range(0, cases.Length).Select(i => Text(decoded[i], "bankBin")));
        Directory.Delete(folder, recursive: true);
    }

    private static string? Text(JsonElement element, string property) =>
        element.GetProperty(property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
