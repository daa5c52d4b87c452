namespace SoundBoxSim.SePay.Banks;

/// <summary>A Vietnamese bank as SePay names it: brand (the webhook's <c>gateway</c>), full name, NAPAS BIN and code.</summary>
/// <param name="ShortName">The brand SePay uses, e.g. <c>Vietcombank</c>, <c>MBBank</c>.</param>
/// <param name="FullName">The legal name in Vietnamese.</param>
/// <param name="Bin">The 6-digit NAPAS bank identification number VietQR uses, e.g. <c>970436</c>.</param>
/// <param name="Code">The short code, e.g. <c>VCB</c>.</param>
public sealed record Bank(string ShortName, string FullName, string Bin, string Code);

/// <summary>The banks the fake knows, looked up by brand, code or BIN (case-insensitive).</summary>
public static class VietnameseBanks
{
    /// <summary>Every bank, in a stable order.</summary>
    public static IReadOnlyList<Bank> All { get; } =
    [
        new("Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam", "970436", "VCB"),
        new("VietinBank", "Ngân hàng TMCP Công Thương Việt Nam", "970415", "ICB"),
        new("BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam", "970418", "BIDV"),
        new("Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", "970405", "VBA"),
        new("MBBank", "Ngân hàng TMCP Quân đội", "970422", "MB"),
        new("Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam", "970407", "TCB"),
        new("ACB", "Ngân hàng TMCP Á Châu", "970416", "ACB"),
        new("VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng", "970432", "VPB"),
        new("TPBank", "Ngân hàng TMCP Tiên Phong", "970423", "TPB"),
        new("Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín", "970403", "STB"),
        new("OCB", "Ngân hàng TMCP Phương Đông", "970448", "OCB"),
        new("MSB", "Ngân hàng TMCP Hàng Hải Việt Nam", "970426", "MSB"),
        new("KienLongBank", "Ngân hàng TMCP Kiên Long", "970452", "KLB"),
        new("VIB", "Ngân hàng TMCP Quốc tế Việt Nam", "970441", "VIB"),
        new("SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội", "970443", "SHB"),
        new("HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh", "970437", "HDB"),
    ];

    /// <summary>The bank whose brand, code or BIN is <paramref name="name"/>; null when none is.</summary>
    public static Bank? Find(string? name) => string.IsNullOrWhiteSpace(name) ? null : All.FirstOrDefault(b =>
        b.ShortName.Equals(name, StringComparison.OrdinalIgnoreCase)
        || b.Code.Equals(name, StringComparison.OrdinalIgnoreCase)
        || b.Bin == name);
}
