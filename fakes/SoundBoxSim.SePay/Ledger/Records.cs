using System.Text.Json.Serialization;

namespace SoundBoxSim.SePay.Ledger;

/// <summary>Money in or out of an account, as SePay's <c>transferType</c> says it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TransferType>))]
public enum TransferType
{
    /// <summary>Money in (<c>"in"</c>).</summary>
    [JsonStringEnumMemberName("in")] In,

    /// <summary>Money out (<c>"out"</c>).</summary>
    [JsonStringEnumMemberName("out")] Out,
}

/// <summary>How a virtual account is recognised.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VirtualAccountKind>))]
public enum VirtualAccountKind
{
    /// <summary>A bank-issued number transfers are sent to (matched by the number).</summary>
    Official,

    /// <summary>A code written in the transfer's content (SePay's TKP; matched in the content).</summary>
    Memo,
}

/// <summary>A linked bank account; <paramref name="Accumulated"/> is its balance in VND.</summary>
public sealed record BankAccount(
    long Id, string Bank, string AccountNumber, string HolderName, long Accumulated, string Label, bool Active,
    DateTimeOffset CreatedAt, DateTimeOffset? LastTransaction);

/// <summary>A virtual (sub-)account of <paramref name="BankAccountId"/>: an official VA number or a memo code.</summary>
public sealed record VirtualAccount(long Id, long BankAccountId, string Number, VirtualAccountKind Kind, string Label);

/// <summary>What a payment code looks like: prefix, suffix length range and characters (SePay's company settings).</summary>
public sealed record PaymentCodeTemplate(string Prefix, int SuffixFrom, int SuffixTo, PaymentCodeCharacters CharacterType, bool Active = true);

/// <summary>Which characters a payment code's suffix may hold.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentCodeCharacters>))]
public enum PaymentCodeCharacters
{
    /// <summary>Digits only.</summary>
    NumberOnly,

    /// <summary>Digits and letters.</summary>
    NumberAndLetter,
}

/// <summary>The company: its name and payment-code settings (recognition on or off, the templates; the first is the default).</summary>
public sealed record Company(long Id, string Name, bool PaymentCodes, IReadOnlyList<PaymentCodeTemplate> PaymentCodeTemplates);

/// <summary>A transaction as the fake's ledger keeps it; webhooks and the transactions API are views of it.</summary>
public sealed record Transaction(
    long Id,
    long BankAccountId,
    string Gateway,
    DateTimeOffset TransactionDate,
    string AccountNumber,
    string? SubAccount,
    long? VirtualAccountId,
    string? Code,
    string Content,
    TransferType TransferType,
    long Amount,
    long Accumulated,
    string ReferenceCode,
    string Description);

/// <summary>A simulated transfer to create (the control API's <c>POST /control/v1/bank/transfers</c>).</summary>
/// <param name="Amount">VND, 1,000 to 499,000,000 (SePay's sandbox limits).</param>
/// <param name="Content">The transfer content, up to 200 characters; empty gives <c>Giao dich sandbox ...</c>.</param>
/// <param name="AccountNumber">The account; default the first active one.</param>
/// <param name="SubAccount">An official VA number of that account (required by banks that only take VA transfers).</param>
/// <param name="TransferType">In (default) or out.</param>
public sealed record TransferRequest(long Amount, string? Content = null, string? AccountNumber = null, string? SubAccount = null, TransferType TransferType = TransferType.In);

/// <summary>A request the ledger refuses: which field and why (the control API answers 400 with it).</summary>
public sealed class LedgerException(string field, string message, int status = 400) : Exception(message)
{
    /// <summary>The request field at fault.</summary>
    public string Field { get; } = field;

    /// <summary>The HTTP status to answer (400 for a bad value, 404 for an unknown account, 409 for a conflict).</summary>
    public int Status { get; } = status;
}
