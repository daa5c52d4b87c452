using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SoundBoxSim.SePay.Ledger;

namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>
/// The body of a SePay webhook: the flat transaction object, with SePay's camelCase names, in SePay's field order
/// (contract 3.2, seed 002). Nullable fields are sent as JSON <c>null</c>, never left out.
/// </summary>
/// <remarks>
/// Nothing is validated here on purpose: the simulator may need to send a malformed payload to test a receiver.
/// <see cref="PayloadEncoder"/> turns it into the bytes that go on the wire.
/// </remarks>
/// <param name="Id">SePay's transaction id (receivers de-duplicate on it).</param>
/// <param name="Gateway">The bank brand, e.g. <c>Vietcombank</c>.</param>
/// <param name="TransactionDate">Bank time as <c>yyyy-MM-dd HH:mm:ss</c> in Vietnam time, no offset; see <see cref="FormatTransactionDate"/>.</param>
/// <param name="AccountNumber">The bank account number.</param>
/// <param name="Code">The payment code found in the content, or null.</param>
/// <param name="Content">The transfer content (memo).</param>
/// <param name="TransferType"><c>in</c> or <c>out</c> (<see cref="TransferIn"/>, <see cref="TransferOut"/>).</param>
/// <param name="TransferAmount">The amount in VND.</param>
/// <param name="Accumulated">The account balance after the transaction, in VND.</param>
/// <param name="SubAccount">The virtual account, or null.</param>
/// <param name="ReferenceCode">The bank's reference code, or null.</param>
/// <param name="Description">The bank's full notification text, or null.</param>
public sealed record WebhookPayload(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("gateway")] string Gateway,
    [property: JsonPropertyName("transactionDate")] string TransactionDate,
    [property: JsonPropertyName("accountNumber")] string AccountNumber,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("transferType")] string TransferType,
    [property: JsonPropertyName("transferAmount")] long TransferAmount,
    [property: JsonPropertyName("accumulated")] long Accumulated,
    [property: JsonPropertyName("subAccount")] string? SubAccount,
    [property: JsonPropertyName("referenceCode")] string? ReferenceCode,
    [property: JsonPropertyName("description")] string? Description)
{
    /// <summary>The <c>transferType</c> of money in.</summary>
    public const string TransferIn = "in";

    /// <summary>The <c>transferType</c> of money out.</summary>
    public const string TransferOut = "out";

    /// <summary>The format of <see cref="TransactionDate"/>.</summary>
    public const string TransactionDateFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Vietnam's offset from UTC (no daylight saving), the default zone of <see cref="TransactionDate"/>.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    private static readonly JsonSerializerOptions ReadOptions = new()
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Formats an instant as SePay's <c>transactionDate</c>: <c>yyyy-MM-dd HH:mm:ss</c> at <paramref name="offset"/> (default Vietnam, UTC+7).</summary>
    public static string FormatTransactionDate(DateTimeOffset instant, TimeSpan? offset = null) =>
        instant.ToOffset(offset ?? VietnamOffset).ToString(TransactionDateFormat, CultureInfo.InvariantCulture);

    /// <summary>The payload SePay would send for a ledger transaction; its date is written at <paramref name="offset"/> (default UTC+7).</summary>
    public static WebhookPayload FromTransaction(Transaction transaction, TimeSpan? offset = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new(
            transaction.Id,
            transaction.Gateway,
            FormatTransactionDate(transaction.TransactionDate, offset),
            transaction.AccountNumber,
            transaction.Code,
            transaction.Content,
            transaction.TransferType == Ledger.TransferType.Out ? TransferOut : TransferIn,
            transaction.Amount,
            transaction.Accumulated,
            transaction.SubAccount,
            transaction.ReferenceCode,
            transaction.Description);
    }

    /// <summary>Reads a payload back from its JSON (e.g. a body kept in the delivery log, for a replay).</summary>
    /// <exception cref="JsonException">The JSON is not exactly a payload: a field is missing, unknown, of the wrong type, or null where SePay never sends null.</exception>
    public static WebhookPayload FromJson(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize<WebhookPayload>(utf8Json, ReadOptions) ?? throw new JsonException("The payload is JSON null.");
}
