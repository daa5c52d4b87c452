using SoundBoxSim.SePay.Webhooks.Delivery;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;

internal static class Payloads
{
    /// <summary>The example on SePay's "Create Webhooks" page (seed 002), field for field.</summary>
    public static WebhookPayload SeedExample { get; } = new(
        92704, "Vietcombank", "2023-03-25 14:02:37", "0123499999", null, "transfer to buy iphone", "in",
        2277000, 19077000, null, "MBVCB.3278907687", "");

    /// <summary>
    /// A payload that is hard to encode: Vietnamese text, form delimiters (&amp; = + % and a space), a quote, a line
    /// break in the SMS text, nulls, money out.
    /// </summary>
    public static WebhookPayload Awkward { get; } = new(
        100001, "MBBank", "2026-01-01 07:00:00", "0359123456", "DH1234", "Thanh toán đơn hàng DH1234 & a=b+c 50%", "out",
        1500000, 98500000, null, null, "MB: -1,500,000VND\nND: it's DH1234");

    /// <summary>The values a form must carry for <paramref name="p"/>, written out by hand: null as "", numbers as digits.</summary>
    public static IReadOnlyDictionary<string, string> ExpectedFormValues(WebhookPayload p) => new Dictionary<string, string>
    {
        ["id"] = p == SeedExample ? "92704" : "100001",
        ["gateway"] = p.Gateway,
        ["transactionDate"] = p.TransactionDate,
        ["accountNumber"] = p.AccountNumber,
        ["code"] = p.Code ?? "",
        ["content"] = p.Content,
        ["transferType"] = p.TransferType,
        ["transferAmount"] = p == SeedExample ? "2277000" : "1500000",
        ["accumulated"] = p == SeedExample ? "19077000" : "98500000",
        ["subAccount"] = p.SubAccount ?? "",
        ["referenceCode"] = p.ReferenceCode ?? "",
        ["description"] = p.Description ?? "",
    };
}
