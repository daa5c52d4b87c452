using System.Globalization;
using System.Text;
using System.Text.Json;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class PayloadEncoderTests
{
    // The seed page's example, compacted by hand, in the page's field order.
    private const string SeedExampleJson =
        """{"id":92704,"gateway":"Vietcombank","transactionDate":"2023-03-25 14:02:37","accountNumber":"0123499999","code":null,"content":"transfer to buy iphone","transferType":"in","transferAmount":2277000,"accumulated":19077000,"subAccount":null,"referenceCode":"MBVCB.3278907687","description":""}""";

    [Fact]
    public void Json_SeedExample_IsThePagesPayloadByteForByte()
    {
        var body = PayloadEncoder.Encode(Payloads.SeedExample, WebhookContentType.Json);

        Assert.Equal("application/json", body.ContentType);
        Assert.Equal(Encoding.UTF8.GetBytes(SeedExampleJson), body.Bytes.ToArray());
    }

    [Fact]
    public void Json_KeepsNullsAsNull_AndWritesVietnameseAsRawUtf8()
    {
        var body = PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.Json);

        const string Expected =
            """{"id":100001,"gateway":"MBBank","transactionDate":"2026-01-01 07:00:00","accountNumber":"0359123456","code":"DH1234","content":"Thanh toán đơn hàng DH1234 & a=b+c 50%","transferType":"out","transferAmount":1500000,"accumulated":98500000,"subAccount":null,"referenceCode":null,"description":"MB: -1,500,000VND\nND: it's DH1234"}""";
        Assert.Equal(Expected, body.Text);
        // "đ" is U+0111, UTF-8 C4 91: sent as those two bytes, not as a \u0111 escape.
        Assert.True(body.Bytes.Span.IndexOf([(byte)0xC4, (byte)0x91]) >= 0);
        Assert.DoesNotContain("\\u", body.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasExactlyTheDocumentedFieldsInTheDocumentedOrder()
    {
        using var document = JsonDocument.Parse(PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.Json).Bytes);

        string[] documented = ["id", "gateway", "transactionDate", "accountNumber", "code", "content", "transferType",
            "transferAmount", "accumulated", "subAccount", "referenceCode", "description"];
        Assert.Equal(documented, document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("transferAmount").ValueKind);
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("accumulated").ValueKind);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("subAccount").ValueKind);
    }

    [Fact]
    public void FromJson_ReadsBackWhatWasEncoded_AndRefusesWhatIsNotAPayload()
    {
        var bytes = PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.Json).Bytes.ToArray();
        Assert.Equal(Payloads.Awkward, WebhookPayload.FromJson(bytes));
        Assert.Equal(Payloads.SeedExample, WebhookPayload.FromJson(Encoding.UTF8.GetBytes(SeedExampleJson)));

        Assert.Throws<JsonException>(() => WebhookPayload.FromJson(Encoding.UTF8.GetBytes(SeedExampleJson.Replace("\"gateway\":\"Vietcombank\",", "", StringComparison.Ordinal))));
        Assert.Throws<JsonException>(() => WebhookPayload.FromJson(Encoding.UTF8.GetBytes(SeedExampleJson.Replace("{\"id\"", "{\"event\":\"x\",\"id\"", StringComparison.Ordinal))));
        Assert.Throws<JsonException>(() => WebhookPayload.FromJson(Encoding.UTF8.GetBytes(SeedExampleJson.Replace("\"transferAmount\":2277000", "\"transferAmount\":\"2277000\"", StringComparison.Ordinal))));
        Assert.Throws<JsonException>(() => WebhookPayload.FromJson("null"u8));
    }

    [Fact]
    public void UrlEncoded_IsTheHandEncodedForm()
    {
        var body = PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.FormUrlEncoded);

        Assert.Equal("application/x-www-form-urlencoded", body.ContentType);
        // By hand: space +, & %26, = %3D, + %2B, % %25, ' %27, : %3A, , %2C, LF %0A; á C3 A1, đ C4 91, ơ C6 A1, à C3 A0.
        const string Expected =
            "id=100001&gateway=MBBank&transactionDate=2026-01-01+07%3A00%3A00&accountNumber=0359123456&code=DH1234" +
            "&content=Thanh+to%C3%A1n+%C4%91%C6%A1n+h%C3%A0ng+DH1234+%26+a%3Db%2Bc+50%25&transferType=out" +
            "&transferAmount=1500000&accumulated=98500000&subAccount=&referenceCode=" +
            "&description=MB%3A+-1%2C500%2C000VND%0AND%3A+it%27s+DH1234";
        Assert.Equal(Expected, body.Text);
    }

    [Fact]
    public void Multipart_WithAGivenBoundary_IsTheHandWrittenBody()
    {
        var body = PayloadEncoder.Encode(Payloads.SeedExample, WebhookContentType.MultipartFormData, "XyZ-123");

        Assert.Equal("multipart/form-data; boundary=XyZ-123", body.ContentType);
        static string Part(string name, string value) => $"--XyZ-123\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n";
        var expected = Part("id", "92704") + Part("gateway", "Vietcombank") + Part("transactionDate", "2023-03-25 14:02:37")
            + Part("accountNumber", "0123499999") + Part("code", "") + Part("content", "transfer to buy iphone")
            + Part("transferType", "in") + Part("transferAmount", "2277000") + Part("accumulated", "19077000")
            + Part("subAccount", "") + Part("referenceCode", "MBVCB.3278907687") + Part("description", "")
            + "--XyZ-123--\r\n";
        Assert.Equal(expected, body.Text);
    }

    [Fact]
    public void Multipart_WithoutABoundary_MakesAFreshOneThatTheHeaderNames()
    {
        var first = PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.MultipartFormData);
        var second = PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.MultipartFormData);

        var boundary = first.ContentType["multipart/form-data; boundary=".Length..];
        Assert.StartsWith("multipart/form-data; boundary=", first.ContentType, StringComparison.Ordinal);
        Assert.StartsWith($"--{boundary}\r\n", first.Text, StringComparison.Ordinal);
        Assert.EndsWith($"\r\n--{boundary}--\r\n", first.Text, StringComparison.Ordinal);
        // 12 parts open with the delimiter, and one closes the body.
        Assert.Equal(13, first.Text.Split($"--{boundary}").Length - 1);
        Assert.NotEqual(first.ContentType, second.ContentType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("quote\"")]
    [InlineData("semi;colon")]
    public void Multipart_RefusesABoundaryThatNeedsQuoting(string boundary) =>
        Assert.Throws<ArgumentException>(() => PayloadEncoder.Encode(Payloads.SeedExample, WebhookContentType.MultipartFormData, boundary));

    [Fact]
    public void Multipart_RefusesABoundaryThatOccursInAValue() =>
        Assert.Throws<ArgumentException>(() => PayloadEncoder.Encode(Payloads.Awkward, WebhookContentType.MultipartFormData, "DH1234"));

    [Fact]
    public void Forms_WriteNumbersInInvariantCultureWhateverTheCurrentCulture()
    {
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NegativeSign = "~";
        odd.NumberFormat.NumberGroupSeparator = "#";
        var payload = Payloads.SeedExample with { Id = 1234567, Accumulated = -25000 };
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = odd;
            var url = PayloadEncoder.Encode(payload, WebhookContentType.FormUrlEncoded).Text;
            var multipart = PayloadEncoder.Encode(payload, WebhookContentType.MultipartFormData, "B0UND").Text;

            Assert.StartsWith("id=1234567&", url, StringComparison.Ordinal);
            Assert.Contains("&accumulated=-25000&", url, StringComparison.Ordinal);
            Assert.Contains("name=\"accumulated\"\r\n\r\n-25000\r\n", multipart, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void FormatTransactionDate_IsVietnamTimeWithoutAnOffset()
    {
        Assert.Equal("2023-03-25 14:02:37", WebhookPayload.FormatTransactionDate(new DateTimeOffset(2023, 3, 25, 7, 2, 37, TimeSpan.Zero)));
        // 17:30 UTC on New Year's Eve is already the next day and year in Hanoi.
        Assert.Equal("2026-01-01 00:30:00", WebhookPayload.FormatTransactionDate(new DateTimeOffset(2025, 12, 31, 17, 30, 0, TimeSpan.Zero)));
        Assert.Equal("2026-01-01 00:30:00", WebhookPayload.FormatTransactionDate(new DateTimeOffset(2025, 12, 31, 12, 30, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void FromTransaction_MapsEveryLedgerField()
    {
        var transaction = new Transaction(
            Id: 555, BankAccountId: 2, Gateway: "VietinBank", TransactionDate: new DateTimeOffset(2026, 2, 3, 1, 2, 3, TimeSpan.Zero),
            AccountNumber: "101010", SubAccount: "VA42", VirtualAccountId: 9, Code: null, Content: "hello", TransferType: TransferType.Out,
            Amount: 12000, Accumulated: 88000, ReferenceCode: "SB123", Description: "BankAPINotify hello");

        var payload = WebhookPayload.FromTransaction(transaction);

        Assert.Equal(new WebhookPayload(555, "VietinBank", "2026-02-03 08:02:03", "101010", null, "hello", "out", 12000, 88000, "VA42", "SB123", "BankAPINotify hello"), payload);
    }
}
