using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using QRCoder;

namespace SoundBoxSim.SePay.VietQr;

/// <summary>
/// SePay's QR service, offline: <c>GET /img?acc=&amp;bank=&amp;amount=&amp;des=</c> answers the VietQR image of a transfer
/// (PNG, error correction M, 4-module quiet zone), so a partner's checkout page works without the real service.
/// <c>GET /img/payload</c> with the same query answers the EMVCo payload as text. Bad input answers 400 with
/// <c>{"status":"error","message":"...","error_code":"validation_error"}</c>, the message naming the parameter.
/// </summary>
public static class VietQrEndpoints
{
    /// <summary>Pixels per QR module when the query gives no <c>size</c>.</summary>
    public const int DefaultPixelsPerModule = 8;

    /// <summary>The largest <c>size</c> (pixels per module) accepted.</summary>
    public const int MaxPixelsPerModule = 20;

    private const int MaxTemplateLength = 32;

    private static readonly JsonSerializerOptions Json = new();

    /// <summary>
    /// Maps <c>GET /img</c> (image/png) and <c>GET /img/payload</c> (text/plain). Query: <c>acc</c> account number
    /// (required); <c>bank</c> brand, code or BIN of <see cref="Banks.VietnameseBanks"/> (required); <c>amount</c> whole VND
    /// (optional; with it the QR is dynamic); <c>des</c> description (optional); <c>size</c> pixels per module, 1 to
    /// <see cref="MaxPixelsPerModule"/> (optional, default <see cref="DefaultPixelsPerModule"/>); <c>template</c> (optional,
    /// accepted for compatibility with SePay's links and not drawn: every image is the bare QR code). An empty
    /// <c>amount</c>, <c>des</c>, <c>size</c> or <c>template</c> counts as absent.
    /// </summary>
    public static IEndpointRouteBuilder MapVietQr(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/img", (HttpRequest request) => Answer(request, (payload, size) =>
            Results.Bytes(RenderPng(payload, size), "image/png")));
        app.MapGet("/img/payload", (HttpRequest request) => Answer(request, (payload, _) =>
            Results.Text(payload.Encode(), "text/plain; charset=utf-8")));
        return app;
    }

    /// <summary>The QR image of <paramref name="payload"/>: PNG, error correction level M, with the 4-module quiet zone.</summary>
    /// <param name="payload">The transfer.</param>
    /// <param name="pixelsPerModule">Side of one module in pixels, 1 to <see cref="MaxPixelsPerModule"/>.</param>
    public static byte[] RenderPng(VietQrPayload payload, int pixelsPerModule = DefaultPixelsPerModule)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, MaxPixelsPerModule);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload.Encode(), QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule, drawQuietZones: true);
    }

    private static IResult Answer(HttpRequest request, Func<VietQrPayload, int, IResult> answer)
    {
        try
        {
            var query = request.Query;
            var account = Single(query, "acc");
            var bank = Single(query, "bank");
            var amountText = Single(query, "amount");
            var description = Single(query, "des");
            var sizeText = Single(query, "size");
            var template = Single(query, "template");

            if (string.IsNullOrEmpty(account))
            {
                throw new QueryException("acc", "the account number is required (1 to 19 letters or digits).");
            }

            if (string.IsNullOrEmpty(bank))
            {
                throw new QueryException("bank", "the bank is required: a brand (e.g. Vietcombank), a code (VCB) or a 6-digit NAPAS BIN (970436).");
            }

            var amount = string.IsNullOrEmpty(amountText) ? (long?)null : ParseAmount(amountText);
            var size = string.IsNullOrEmpty(sizeText) ? DefaultPixelsPerModule : ParseSize(sizeText);
            if (!string.IsNullOrEmpty(template) && (template.Length > MaxTemplateLength || !template.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            {
                throw new QueryException("template", $"a template is a name of at most {MaxTemplateLength} letters, digits, '_' or '-'.");
            }

            VietQrPayload payload;
            try
            {
                payload = VietQrPayload.ForBank(bank, account, amount, description);
            }
            catch (VietQrInputException error)
            {
                throw new QueryException(error.Field switch
                {
                    VietQrField.Bank => "bank",
                    VietQrField.AccountNumber => "acc",
                    VietQrField.Amount => "amount",
                    _ => "des",
                }, error.Message);
            }

            return answer(payload, size);
        }
        catch (QueryException error)
        {
            return Results.Json(new ErrorBody("error", $"Invalid parameter '{error.Parameter}': {error.Message}", "validation_error"), Json, statusCode: 400);
        }
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new QueryException(name, $"given {values.Count} times; give it once.");
    }

    private static long ParseAmount(string text)
    {
        if (!text.All(char.IsAsciiDigit))
        {
            throw new QueryException("amount", "the amount must be a whole number of VND written with digits only (no sign, separators or decimals).");
        }

        // Beyond 18 digits a long would overflow; the range check below gives the message for every too-large amount.
        var value = text.TrimStart('0').Length > 18 ? long.MaxValue : long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return value is >= 1 and <= VietQrPayload.MaxAmount
            ? value
            : throw new QueryException("amount", "the amount must be a whole number of VND from 1 to 9,999,999,999,999.");
    }

    private static int ParseSize(string text) =>
        text.Length <= 2 && text.All(char.IsAsciiDigit) && int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) is var size and >= 1 and <= MaxPixelsPerModule
            ? size
            : throw new QueryException("size", $"the size is the side of one QR module in pixels, a whole number from 1 to {MaxPixelsPerModule}.");

    private sealed record ErrorBody(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("error_code")] string ErrorCode);

    private sealed class QueryException(string parameter, string message) : Exception(message)
    {
        public string Parameter { get; } = parameter;
    }
}
