using System.Globalization;
using System.Text;
using SoundBoxSim.SePay.Banks;

namespace SoundBoxSim.SePay.VietQr;

/// <summary>
/// A VietQR bank transfer (NAPAS 24/7 transfer to an account) and its EMVCo merchant-presented QR payload, the text
/// a bank app reads from the QR image SePay's QR service draws:
/// <list type="bullet">
/// <item>00 payload format indicator <c>01</c>; 01 point of initiation, <c>12</c> (dynamic) with an amount, <c>11</c> (static) without;</item>
/// <item>38 merchant account information: 00 GUID <c>A000000727</c>, 01 beneficiary (00 bank BIN, 01 account number), 02 service <c>QRIBFTTA</c>;</item>
/// <item>53 currency <c>704</c> (VND); 54 amount, when given; 58 country <c>VN</c>;</item>
/// <item>62 additional data with 08 purpose of transaction (the description), when given;</item>
/// <item>63 CRC-16/CCITT-FALSE over everything before it including <c>6304</c>, four upper-case hex digits.</item>
/// </list>
/// Instances are valid by construction: <see cref="Create"/>, <see cref="ForBank"/> and <see cref="Parse"/> refuse what VietQR cannot carry.
/// </summary>
public sealed record VietQrPayload
{
    /// <summary>NAPAS's globally unique identifier in template 38.</summary>
    public const string NapasGuid = "A000000727";

    /// <summary>The service code of a 24/7 inter-bank transfer to an account.</summary>
    public const string TransferToAccountService = "QRIBFTTA";

    /// <summary>ISO 4217 numeric code of the Vietnamese dong.</summary>
    public const string CurrencyVnd = "704";

    /// <summary>ISO 3166-1 alpha-2 code of Viet Nam.</summary>
    public const string CountryVietnam = "VN";

    /// <summary>The longest account number VietQR carries (NAPAS: up to 19 letters or digits).</summary>
    public const int MaxAccountNumberLength = 19;

    /// <summary>The largest amount: 13 digits, EMVCo's limit for ID 54.</summary>
    public const long MaxAmount = 9_999_999_999_999;

    /// <summary>
    /// The longest description this fake accepts. EMVCo's table gives ID 62-08 up to 25 characters; NAPAS transfers and
    /// bank apps carry longer texts, and 50 characters fit template 62 (54 characters) well within 99.
    /// </summary>
    public const int MaxDescriptionLength = 50;

    /// <summary>Longer than any payload this type reads: a version-40 QR code holds 4,296 alphanumeric characters.</summary>
    public const int MaxPayloadLength = 4_296;

    private const string StaticInitiation = "11", DynamicInitiation = "12", MaxAmountText = "9,999,999,999,999";

    // Vietnamese letters with diacritics, each with the letter it folds to, for the hint in an error message.
    private static readonly (string Accented, char Plain)[] VietnameseLetters =
    [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'), ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'A'),
        ("èéẻẽẹêềếểễệ", 'e'), ("ÈÉẺẼẸÊỀẾỂỄỆ", 'E'),
        ("ìíỉĩị", 'i'), ("ÌÍỈĨỊ", 'I'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'), ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'O'),
        ("ùúủũụưừứửữự", 'u'), ("ÙÚỦŨỤƯỪỨỬỮỰ", 'U'),
        ("ỳýỷỹỵ", 'y'), ("ỲÝỶỸỴ", 'Y'),
        ("đ", 'd'), ("Đ", 'D'),
    ];

    private VietQrPayload(string bankBin, string accountNumber, long? amount, string? description)
    {
        BankBin = bankBin;
        AccountNumber = accountNumber;
        Amount = amount;
        Description = description;
    }

    /// <summary>The receiving bank's 6-digit NAPAS BIN, e.g. <c>970436</c>.</summary>
    public string BankBin { get; }

    /// <summary>The receiving account number: 1 to 19 ASCII letters or digits.</summary>
    public string AccountNumber { get; }

    /// <summary>The amount in VND (1 to <see cref="MaxAmount"/>), or null for a static QR where the payer types it.</summary>
    public long? Amount { get; }

    /// <summary>The description (purpose of transaction), or null.</summary>
    public string? Description { get; }

    /// <summary>True when the QR is dynamic (point of initiation 12): it carries an amount.</summary>
    public bool IsDynamic => Amount is not null;

    /// <summary>The bank the fake knows by <see cref="BankBin"/>, or null.</summary>
    public Bank? Bank => VietnameseBanks.Find(BankBin);

    /// <summary>A transfer to <paramref name="accountNumber"/> at the bank whose NAPAS BIN is <paramref name="bankBin"/>.</summary>
    /// <param name="bankBin">6 digits.</param>
    /// <param name="accountNumber">1 to 19 ASCII letters or digits.</param>
    /// <param name="amount">1 to <see cref="MaxAmount"/> VND, or null for a static QR.</param>
    /// <param name="description">At most <see cref="MaxDescriptionLength"/> printable ASCII characters; null or empty for none.</param>
    /// <exception cref="VietQrInputException">An input VietQR cannot carry; the message says which and why.</exception>
    public static VietQrPayload Create(string? bankBin, string? accountNumber, long? amount = null, string? description = null) =>
        new(CheckBin(bankBin), CheckAccountNumber(accountNumber), CheckAmount(amount), CheckDescription(description));

    /// <summary>Like <see cref="Create"/>, with the bank given by brand (<c>Vietcombank</c>), code (<c>VCB</c>) or BIN (<c>970436</c>) of <see cref="VietnameseBanks"/>.</summary>
    /// <exception cref="VietQrInputException">An unknown bank, or another input VietQR cannot carry.</exception>
    public static VietQrPayload ForBank(string? bank, string? accountNumber, long? amount = null, string? description = null) =>
        Create(ResolveBank(bank).Bin, accountNumber, amount, description);

    /// <summary>The bank <paramref name="bank"/> names, by brand, code or BIN.</summary>
    /// <exception cref="VietQrInputException">No bank of <see cref="VietnameseBanks"/> has that name.</exception>
    public static Bank ResolveBank(string? bank)
    {
        if (string.IsNullOrWhiteSpace(bank))
        {
            throw new VietQrInputException(VietQrField.Bank, "the bank is required: a brand (e.g. Vietcombank), a code (VCB) or a 6-digit NAPAS BIN (970436).");
        }

        return VietnameseBanks.Find(bank) ?? throw new VietQrInputException(VietQrField.Bank,
            $"no bank is known as {Quote(bank)}; give a brand (e.g. Vietcombank), a code (VCB) or a 6-digit NAPAS BIN (970436) of one of: "
            + string.Join(", ", VietnameseBanks.All.Select(b => b.ShortName)) + ".");
    }

    /// <summary>The EMVCo payload, ending in its CRC.</summary>
    public string Encode()
    {
        var beneficiary = new StringBuilder();
        Tlv.Append(beneficiary, "00", BankBin);
        Tlv.Append(beneficiary, "01", AccountNumber);

        var account = new StringBuilder();
        Tlv.Append(account, "00", NapasGuid);
        Tlv.Append(account, "01", beneficiary.ToString());
        Tlv.Append(account, "02", TransferToAccountService);

        var payload = new StringBuilder(160);
        Tlv.Append(payload, "00", "01");
        Tlv.Append(payload, "01", IsDynamic ? DynamicInitiation : StaticInitiation);
        Tlv.Append(payload, "38", account.ToString());
        Tlv.Append(payload, "53", CurrencyVnd);
        if (Amount is { } amount)
        {
            Tlv.Append(payload, "54", amount.ToString(CultureInfo.InvariantCulture));
        }

        Tlv.Append(payload, "58", CountryVietnam);
        if (Description is not null)
        {
            var additional = new StringBuilder();
            Tlv.Append(additional, "08", Description);
            Tlv.Append(payload, "62", additional.ToString());
        }

        payload.Append("6304");
        return payload.Append(VietQrCrc.ComputeHex(payload.ToString())).ToString();
    }

    /// <summary>The EMVCo payload (<see cref="Encode"/>).</summary>
    public override string ToString() => Encode();

    /// <summary>
    /// Reads a VietQR transfer payload, checking the CRC, every ID and length (none is trusted), the fixed values
    /// (format 01, GUID, service QRIBFTTA, currency 704, country VN), that 00 comes first and 63 last, and every
    /// input as <see cref="Create"/> does. Data objects this type does not model (e.g. 52, 59, 62-01) are checked
    /// for form and otherwise ignored.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a payload; the message says where and why.</exception>
    public static VietQrPayload Parse(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Length == 0)
        {
            throw new FormatException("The payload is empty.");
        }

        if (payload.Length > MaxPayloadLength)
        {
            throw new FormatException($"The payload is {payload.Length} characters, more than any QR code holds ({MaxPayloadLength}).");
        }

        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] is < ' ' or > '~')
            {
                throw new FormatException($"The character {CodePoint(payload, i)} at position {i} is not printable ASCII; these payloads carry only printable ASCII.");
            }
        }

        if (payload.Length < 8 || string.CompareOrdinal(payload, payload.Length - 8, "6304", 0, 4) != 0)
        {
            throw new FormatException("The payload does not end with its CRC (ID 63, length 04, four hex digits).");
        }

        var crcText = payload[^4..];
        if (!ushort.TryParse(crcText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var stated))
        {
            throw new FormatException($"The CRC \"{crcText}\" is not four hexadecimal digits.");
        }

        var computed = VietQrCrc.Compute(payload[..^4]);
        if (stated != computed)
        {
            throw new FormatException($"CRC mismatch: the payload says {crcText}, its content gives {computed:X4}.");
        }

        var root = Tlv.Read(payload, 0, "the payload");
        if (root[0].Tag != "00")
        {
            throw new FormatException($"The first data object is ID {root[0].Tag}; it must be 00 (payload format indicator).");
        }

        if (root[^1].Tag != "63" || root[^1].Position != payload.Length - 8)
        {
            throw new FormatException($"The last data object is ID {root[^1].Tag} at position {root[^1].Position}; it must be the CRC (63) at position {payload.Length - 8}.");
        }

        var fields = root.ToDictionary(f => f.Tag, StringComparer.Ordinal);
        Expect(fields, "00", "01", "payload format indicator");
        var initiation = Required(fields, "01", "point of initiation").Value;
        if (initiation is not (StaticInitiation or DynamicInitiation))
        {
            throw new FormatException($"The point of initiation (ID 01) is \"{initiation}\"; it must be 11 (static) or 12 (dynamic).");
        }

        var accountTemplate = Required(fields, "38", "merchant account information (NAPAS)");
        var account = Template(accountTemplate, "template 38");
        Expect(account, "00", NapasGuid, "GUID in template 38");
        Expect(account, "02", TransferToAccountService, "service code in template 38");
        var beneficiaryField = Required(account, "01", "beneficiary in template 38");
        var beneficiary = Template(beneficiaryField, "template 38-01");
        var bin = Required(beneficiary, "00", "bank BIN in template 38-01").Value;
        var accountNumber = Required(beneficiary, "01", "account number in template 38-01").Value;

        Expect(fields, "53", CurrencyVnd, "transaction currency");
        Expect(fields, "58", CountryVietnam, "country code");

        long? amount = null;
        if (fields.TryGetValue("54", out var amountField))
        {
            var text = amountField.Value;
            if (!Tlv.IsAsciiDigits(text) || text[0] == '0' || text.Length > 13)
            {
                throw new FormatException($"The amount (ID 54) \"{text}\" is not a whole number of VND from 1 to {MaxAmountText} written without leading zeros.");
            }

            amount = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        if ((initiation == DynamicInitiation) != amount.HasValue)
        {
            throw new FormatException(amount.HasValue
                ? "The point of initiation is 11 (static) but the payload carries an amount (ID 54); a QR with an amount is dynamic (12)."
                : "The point of initiation is 12 (dynamic) but the payload carries no amount (ID 54).");
        }

        string? description = null;
        if (fields.TryGetValue("62", out var additionalField))
        {
            var additional = Template(additionalField, "template 62");
            description = additional.TryGetValue("08", out var purpose) ? purpose.Value : null;
        }

        try
        {
            return Create(bin, accountNumber, amount, description);
        }
        catch (VietQrInputException error)
        {
            throw new FormatException($"The payload is well formed but not a valid VietQR transfer: {error.Message}", error);
        }
    }

    /// <summary>Like <see cref="Parse"/>, without throwing: <paramref name="error"/> says what was wrong.</summary>
    public static bool TryParse(string? payload, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VietQrPayload? result, out string? error)
    {
        if (payload is null)
        {
            (result, error) = (null, "The payload is null.");
            return false;
        }

        try
        {
            (result, error) = (Parse(payload), null);
            return true;
        }
        catch (FormatException exception)
        {
            (result, error) = (null, exception.Message);
            return false;
        }
    }

    private static string CheckBin(string? bin)
    {
        if (string.IsNullOrEmpty(bin))
        {
            throw new VietQrInputException(VietQrField.Bank, "the bank BIN is required (6 digits, e.g. 970436).");
        }

        if (bin.Length != 6 || !Tlv.IsAsciiDigits(bin))
        {
            throw new VietQrInputException(VietQrField.Bank, $"the bank BIN must be 6 digits 0-9 (NAPAS bank identification number, e.g. 970436); got {Quote(bin)}.");
        }

        return bin;
    }

    private static string CheckAccountNumber(string? account)
    {
        if (string.IsNullOrEmpty(account))
        {
            throw new VietQrInputException(VietQrField.AccountNumber, "the account number is required (1 to 19 letters or digits).");
        }

        if (account.Length > MaxAccountNumberLength)
        {
            throw new VietQrInputException(VietQrField.AccountNumber,
                $"the account number is {account.Length} characters; VietQR carries at most {MaxAccountNumberLength}.");
        }

        for (var i = 0; i < account.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(account[i]))
            {
                throw new VietQrInputException(VietQrField.AccountNumber,
                    $"the account number contains {CodePoint(account, i)} at position {i}; only letters A-Z, a-z and digits 0-9 are allowed.");
            }
        }

        return account;
    }

    private static long? CheckAmount(long? amount) => amount is null or (>= 1 and <= MaxAmount)
        ? amount
        : throw new VietQrInputException(VietQrField.Amount,
            $"the amount must be a whole number of VND from 1 to {MaxAmountText}; got {amount.Value.ToString(CultureInfo.InvariantCulture)}.");

    private static string? CheckDescription(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        for (var i = 0; i < description.Length; i++)
        {
            if (description[i] is < ' ' or > '~')
            {
                var hint = Fold(description) is { } plain ? $" Without diacritics: \"{plain}\"." : "";
                throw new VietQrInputException(VietQrField.Description,
                    $"the description contains {CodePoint(description, i)} at position {i}, which VietQR cannot carry: only printable ASCII "
                    + "(letters without diacritics, digits, spaces and punctuation) is allowed." + hint);
            }
        }

        if (description.Length > MaxDescriptionLength)
        {
            throw new VietQrInputException(VietQrField.Description,
                $"the description is {description.Length} characters; at most {MaxDescriptionLength} are allowed.");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            throw new VietQrInputException(VietQrField.Description, "the description is only spaces; leave it out instead.");
        }

        return description;
    }

    /// <summary><paramref name="text"/> with Vietnamese diacritics removed, when that leaves printable ASCII; otherwise null.</summary>
    private static string? Fold(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var folded = c;
            foreach (var (accented, letter) in VietnameseLetters)
            {
                if (accented.Contains(c, StringComparison.Ordinal))
                {
                    folded = letter;
                    break;
                }
            }

            if (folded is < ' ' or > '~')
            {
                return null;
            }

            plain.Append(folded);
        }

        return plain.Length <= MaxDescriptionLength ? plain.ToString() : null;
    }

    /// <summary>The character at <paramref name="index"/> for a message: quoted when printable, always with its code point.</summary>
    private static string CodePoint(string text, int index)
    {
        var code = Rune.TryGetRuneAt(text, index, out var rune) ? rune.Value : text[index];
        var printable = code is >= 0x20 and not 0x7F and not (>= 0x80 and < 0xA0) && Rune.IsValid(code)
            && Rune.GetUnicodeCategory(new Rune(code)) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate);
        var hex = code.ToString(code > 0xFFFF ? "X5" : "X4", CultureInfo.InvariantCulture);
        return printable ? $"'{char.ConvertFromUtf32(code)}' (U+{hex})" : $"U+{hex}";
    }

    /// <summary>An input for a message: quoted, cut to 24 characters, anything but printable ASCII shown as '?'.</summary>
    private static string Quote(string text)
    {
        var shown = new string([.. text.Take(24).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return $"\"{shown}{(text.Length > 24 ? "..." : "")}\" ({text.Length} characters)";
    }

    private static Dictionary<string, TlvField> Template(TlvField field, string where) =>
        Tlv.Read(field.Value, field.Position + 4, where).ToDictionary(f => f.Tag, StringComparer.Ordinal);

    private static TlvField Required(Dictionary<string, TlvField> fields, string tag, string what) =>
        fields.TryGetValue(tag, out var field) ? field : throw new FormatException($"The {what} (ID {tag}) is missing.");

    private static void Expect(Dictionary<string, TlvField> fields, string tag, string expected, string what)
    {
        var value = Required(fields, tag, what).Value;
        if (value != expected)
        {
            throw new FormatException($"The {what} (ID {tag}) is \"{value}\"; a VietQR transfer to an account has \"{expected}\".");
        }
    }
}
