namespace SoundBoxSim.SePay.VietQr;

/// <summary>The inputs of a VietQR transfer.</summary>
public enum VietQrField
{
    /// <summary>The receiving bank: its NAPAS BIN, or a brand or code that names it.</summary>
    Bank,

    /// <summary>The receiving account number.</summary>
    AccountNumber,

    /// <summary>The amount in VND.</summary>
    Amount,

    /// <summary>The transfer's description (purpose of transaction).</summary>
    Description,
}

/// <summary>An input VietQR cannot carry; <see cref="Exception.Message"/> says which and why.</summary>
public sealed class VietQrInputException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public VietQrInputException(VietQrField field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The input that was wrong.</summary>
    public VietQrField Field { get; }
}
