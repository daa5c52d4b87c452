using System.Text.Json;
using SoundBoxSim.SePay.Tests.VietQr.Support;
using SoundBoxSim.SePay.VietQr;

namespace SoundBoxSim.SePay.Tests.VietQr;

/// <summary>The QR service over real HTTP, as a partner's checkout page calls it.</summary>
public sealed class VietQrEndpointTests
{
    private const int QuietZoneModules = 4;

    [Fact]
    public async Task Img_AnswersAValidPng_SquareWithItsQuietZone()
    {
        await using var server = await VietQrServer.StartAsync();
        var answer = await server.GetAsync("/img?" + VietQrServer.Query(
            ("acc", "0010000000355"), ("bank", "Vietcombank"), ("amount", "100000"), ("des", "ung ho quy bao tro tre em")));

        Assert.Equal(200, answer.Status);
        Assert.Equal("image/png", answer.MediaType);
        Assert.Equal(PngImage.Signature, answer.Body[..8]);
        // IHDR straight after the signature: length 13, then its type.
        Assert.Equal(new byte[] { 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }, answer.Body[8..16]);
        var png = PngImage.Read(answer.Body);
        Assert.Equal(png.Width, png.Height);
        AssertQrGeometry(png, VietQrEndpoints.DefaultPixelsPerModule);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    [InlineData("20", 20)]
    public async Task Img_Size_IsPixelsPerModule(string size, int pixels)
    {
        await using var server = await VietQrServer.StartAsync();
        var query = VietQrServer.Query(("acc", "0010000000355"), ("bank", "VCB"), ("amount", "100000"), ("des", "DH1"));
        var small = PngImage.Read((await server.GetAsync($"/img?{query}&size=1")).Body);
        var answer = await server.GetAsync($"/img?{query}&size={size}");
        Assert.Equal(200, answer.Status);
        var png = PngImage.Read(answer.Body);
        Assert.Equal(small.Width * pixels, png.Width);
        AssertQrGeometry(png, pixels);
    }

    [Fact]
    public async Task Img_Template_IsAcceptedAndChangesNothing()
    {
        await using var server = await VietQrServer.StartAsync();
        var query = VietQrServer.Query(("acc", "0010000000355"), ("bank", "VCB"), ("amount", "5000"));
        var plain = await server.GetAsync($"/img?{query}");
        var compact = await server.GetAsync($"/img?{query}&template=compact");
        var empty = await server.GetAsync($"/img?{query}&template=");
        Assert.Equal(200, compact.Status);
        Assert.Equal(plain.Body, compact.Body);
        Assert.Equal(plain.Body, empty.Body);
    }

    [Fact]
    public async Task Payload_IsTheTransferAsked_AsPlainText()
    {
        await using var server = await VietQrServer.StartAsync();
        var answer = await server.GetAsync("/img/payload?" + VietQrServer.Query(
            ("acc", "0010000000355"), ("bank", "Vietcombank"), ("amount", "100000"), ("des", "DH12345 & co?")));

        Assert.Equal(200, answer.Status);
        Assert.Equal("text/plain", answer.MediaType);
        var payload = VietQrPayload.Parse(answer.Text);
        Assert.Equal("970436", payload.BankBin);
        Assert.Equal("0010000000355", payload.AccountNumber);
        Assert.Equal(100_000, payload.Amount);
        Assert.Equal("DH12345 & co?", payload.Description);
    }

    [Fact]
    public async Task Payload_BankByBrandCodeOrBin_AndEmptyOptionalParameters_GiveTheSameAnswer()
    {
        await using var server = await VietQrServer.StartAsync();
        var answers = new List<string>();
        foreach (var bank in new[] { "MBBank", "mbbank", "MB", "970422" })
        {
            answers.Add((await server.GetAsync("/img/payload?" + VietQrServer.Query(("acc", "VQR0123"), ("bank", bank)))).Text);
        }

        answers.Add((await server.GetAsync("/img/payload?" + VietQrServer.Query(("acc", "VQR0123"), ("bank", "MB"), ("amount", ""), ("des", "")))).Text);
        Assert.Single(answers.Distinct());
        var payload = VietQrPayload.Parse(answers[0]);
        Assert.Equal("970422", payload.BankBin);
        Assert.Null(payload.Amount);
        Assert.False(payload.IsDynamic);
        Assert.Null(payload.Description);
    }

    public static TheoryData<string, string, string> BadQueries() => new()
    {
        { "bank=Vietcombank", "acc", "required" },
        { "acc=&bank=Vietcombank", "acc", "required" },
        { "acc=0010000000355", "bank", "required" },
        { "acc=0010000000355&bank=", "bank", "required" },
        { "acc=0010000000355&bank=NoSuchBank", "bank", "Vietcombank" },
        { "acc=0010000000355&bank=970999", "bank", "Vietcombank" },
        { "acc=12345678901234567890&bank=VCB", "acc", "19" },
        { "acc=123-456&bank=VCB", "acc", "'-'" },
        { "acc=1&acc=2&bank=VCB", "acc", "2 times" },
        { "acc=1&bank=VCB&bank=MB", "bank", "2 times" },
        { "acc=1&bank=VCB&amount=abc", "amount", "digits" },
        { "acc=1&bank=VCB&amount=-5", "amount", "digits" },
        { "acc=1&bank=VCB&amount=%2B5", "amount", "digits" },
        { "acc=1&bank=VCB&amount=1.5", "amount", "digits" },
        { "acc=1&bank=VCB&amount=100%2C000", "amount", "digits" },
        { "acc=1&bank=VCB&amount=%EF%BC%91", "amount", "digits" }, // a full-width 1
        { "acc=1&bank=VCB&amount=0", "amount", "9,999,999,999,999" },
        { "acc=1&bank=VCB&amount=10000000000000", "amount", "9,999,999,999,999" },
        { "acc=1&bank=VCB&amount=99999999999999999999999999", "amount", "9,999,999,999,999" },
        { "acc=1&bank=VCB&des=Thanh%20to%C3%A1n", "des", "Thanh toan" },
        { "acc=1&bank=VCB&des=line%0Abreak", "des", "U+000A" },
        { "acc=1&bank=VCB&des=%00", "des", "U+0000" },
        { "acc=1&bank=VCB&des=zero%E2%80%8Bwidth", "des", "U+200B" },
        { "acc=1&bank=VCB&des=" + new string('x', 51), "des", "51" },
        { "acc=1&bank=VCB&des=" + new string('x', 5_000), "des", "5000" }, // within Kestrel's 8 KiB request line
        { "acc=1&bank=VCB&des=%20%20", "des", "spaces" },
        { "acc=1&bank=VCB&size=0", "size", "1 to 20" },
        { "acc=1&bank=VCB&size=21", "size", "1 to 20" },
        { "acc=1&bank=VCB&size=big", "size", "1 to 20" },
        { "acc=1&bank=VCB&size=-1", "size", "1 to 20" },
        { "acc=1&bank=VCB&template=%3Cscript%3E", "template", "letters" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task BadInput_Answers400_WithSePaysErrorBody_NamingTheParameter(string query, string parameter, string says)
    {
        await using var server = await VietQrServer.StartAsync();
        foreach (var path in new[] { "/img", "/img/payload" })
        {
            var answer = await server.GetAsync($"{path}?{query}");
            Assert.Equal(400, answer.Status);
            Assert.Equal("application/json", answer.MediaType);
            using var body = JsonDocument.Parse(answer.Body);
            var root = body.RootElement;
            Assert.Equal(3, root.EnumerateObject().Count());
            Assert.Equal("error", root.GetProperty("status").GetString());
            Assert.Equal("validation_error", root.GetProperty("error_code").GetString());
            var message = root.GetProperty("message").GetString()!;
            Assert.Contains($"'{parameter}'", message, StringComparison.Ordinal);
            Assert.Contains(says, message, StringComparison.Ordinal);
            Assert.True(message.Length < 600, $"a {message.Length}-character message echoes too much: {message}");
        }
    }

    /// <summary>
    /// The geometry of a QR symbol rendered at <paramref name="pixels"/> per module with a quiet zone: the side is
    /// (17 + 4 × version + 2 × 4) modules for a version from 1 to 40, the 4-module border is all light, and the three
    /// finder patterns start with a dark module at the corners inside it while the fourth corner has none.
    /// </summary>
    private static void AssertQrGeometry(PngImage png, int pixels)
    {
        Assert.Equal(0, png.Width % pixels);
        var modules = png.Width / pixels;
        var symbol = modules - 2 * QuietZoneModules;
        Assert.True(symbol >= 21 && symbol <= 177 && (symbol - 17) % 4 == 0, $"{modules} modules across is no QR version with a 4-module quiet zone");
        var quiet = QuietZoneModules * pixels;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (x < quiet || y < quiet || x >= png.Width - quiet || y >= png.Height - quiet)
                {
                    Assert.True(png.IsLight(x, y), $"pixel ({x}, {y}) of the quiet zone is dark");
                }
            }
        }

        bool Dark(int moduleX, int moduleY) => !png.IsLight((QuietZoneModules + moduleX) * pixels + pixels / 2, (QuietZoneModules + moduleY) * pixels + pixels / 2);
        Assert.True(Dark(0, 0) && Dark(symbol - 1, 0) && Dark(0, symbol - 1), "a finder pattern corner is not dark");
        // Inside a finder pattern: dark ring, light ring, dark 3x3 core.
        Assert.True(!Dark(1, 1) && Dark(2, 2) && Dark(3, 3) && !Dark(5, 5) && Dark(6, 6), "the top-left finder pattern is not 1:1:3:1:1");

        // Format information (ISO/IEC 18004, 7.9): 15 bits beside the top-left finder pattern, most significant first at
        // (0..5, 8), (7, 8), (8, 8), (8, 7), (8, 5..0); XOR mask 0x5412; a BCH(15,5) codeword (generator 0x537) whose top
        // two data bits are the error correction level: 00 is M.
        var bits = 0;
        foreach (var (x, y) in new[] { (0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0) })
        {
            bits = (bits << 1) | (Dark(x, y) ? 1 : 0);
        }

        var format = bits ^ 0x5412;
        var remainder = format;
        for (var bit = 14; bit >= 10; bit--)
        {
            if ((remainder & (1 << bit)) != 0)
            {
                remainder ^= 0x537 << (bit - 10);
            }
        }

        Assert.True(remainder == 0, $"the format information 0x{bits:X4} is not a valid BCH codeword: misread, or no QR code");
        Assert.True(format >> 13 == 0b00, $"the error correction level bits are {Convert.ToString(format >> 13, 2).PadLeft(2, '0')}, not 00 (M)");
    }
}
