namespace SoundBoxSim.SePay.Ledger;

/// <summary>The fake bank: its seed data and SePay's sandbox limits. Every default gives a working ledger.</summary>
public sealed record LedgerOptions
{
    /// <summary>The clock transactions are dated by (default the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>SePay writes times without a zone in Vietnam time (default UTC+7).</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(7);

    /// <summary>Seed of the reference codes, so a run can be repeated (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Smallest simulated transfer (default 1,000 VND, SePay's sandbox limit).</summary>
    public long MinAmount { get; init; } = 1_000;

    /// <summary>Largest simulated transfer (default 499,000,000 VND, SePay's sandbox limit).</summary>
    public long MaxAmount { get; init; } = 499_000_000;

    /// <summary>Longest transfer content (default 200 characters).</summary>
    public int MaxContentLength { get; init; } = 200;

    /// <summary>The first transaction id (default 100001; SePay's ids are plain increasing integers).</summary>
    public long FirstTransactionId { get; init; } = 100_001;

    /// <summary>The company (default: payment codes on, one template <c>DH</c> + 4 to 10 digits).</summary>
    public Company Company { get; init; } = new(1, "Cửa hàng SoundBoxSim", true, [new("DH", 4, 10, PaymentCodeCharacters.NumberOnly)]);

    /// <summary>The linked accounts (default: Vietcombank, MBBank, VietinBank and OCB, which takes VA transfers only).</summary>
    public IReadOnlyList<BankAccount> Accounts { get; init; } =
    [
        new(19, "Vietcombank", "0071000888888", "NGUYEN VAN AN", 15_000_000, "Quầy chính", true, Epoch, null),
        new(20, "MBBank", "0123499999", "CONG TY TNHH SOUNDBOXSIM", 2_500_000, "Chi nhánh 2", true, Epoch, null),
        new(21, "VietinBank", "102871015203", "NGUYEN THI BINH", 0, "", true, Epoch, null),
        new(22, "OCB", "0041000123456", "CONG TY TNHH SOUNDBOXSIM", 0, "Thu hộ", true, Epoch, null),
    ];

    /// <summary>The virtual accounts (default: one official VA on Vietcombank and OCB, one memo code on MBBank).</summary>
    public IReadOnlyList<VirtualAccount> VirtualAccounts { get; init; } =
    [
        new(25, 19, "VCB0011ABC002", VirtualAccountKind.Official, "Quầy 1"),
        new(26, 22, "SBSEPAY00001", VirtualAccountKind.Official, "Đơn online"),
        new(27, 20, "TKPK7Q", VirtualAccountKind.Memo, "Quầy 2"),
    ];

    /// <summary>Banks that take transfers only through a VA (SePay's simulator requires one for them).</summary>
    public IReadOnlySet<string> VaOnlyBanks { get; init; } = new HashSet<string>(["OCB", "KienLongBank", "MSB", "BIDV"], StringComparer.OrdinalIgnoreCase);

    private static DateTimeOffset Epoch => new(2025, 1, 2, 8, 0, 0, TimeSpan.FromHours(7));
}
