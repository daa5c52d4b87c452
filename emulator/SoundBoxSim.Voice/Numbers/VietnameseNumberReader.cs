namespace SoundBoxSim.Voice.Numbers;

/// <summary>
/// Reads whole amounts of đồng as Vietnamese words, the way a cashier says them: groups of three digits named
/// nghìn, triệu, tỷ; <c>không trăm</c> inside non-leading groups; <c>linh</c>/<c>lẻ</c> for a zero tens digit;
/// <c>mười</c>/<c>mươi</c>, <c>mốt</c>, <c>lăm</c>, <c>tư</c>; and past 999 tỷ the count of tỷ read as a number.
/// </summary>
/// <remarks>Pure and thread-safe; allocates only the result.</remarks>
public static class VietnameseNumberReader
{
    /// <summary>The largest amount read: 999,999,999,999,999 (just under a million tỷ).</summary>
    public const long MaxAmount = 999_999_999_999_999;

    private const long Billion = 1_000_000_000;

    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

    /// <summary>Reads <paramref name="amount"/> as space-separated words, e.g. 1,005,000 → "một triệu không trăm linh năm nghìn".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or above <see cref="MaxAmount"/>.</exception>
    public static string Read(long amount, NumberReadingStyle style)
    {
        var words = new List<string>(24);
        AppendWords(amount, style, words);
        return string.Join(' ', words);
    }

    /// <summary>Appends the words of <paramref name="amount"/> to <paramref name="words"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The amount is negative or above <see cref="MaxAmount"/>.</exception>
    public static void AppendWords(long amount, NumberReadingStyle style, List<string> words)
    {
        ArgumentNullException.ThrowIfNull(style);
        ArgumentNullException.ThrowIfNull(words);
        if (amount is < 0 or > MaxAmount)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount,
                $"An amount must be between 0 and {MaxAmount:N0} đồng.");
        }

        if (amount == 0)
        {
            words.Add(Digits[0]);
            return;
        }

        var leading = true;
        var billions = amount / Billion;
        if (billions > 0)
        {
            // Past 999 tỷ there is no bigger unit: the count of tỷ is itself read as a number (5,000 tỷ = năm nghìn tỷ).
            AppendBelowBillion(billions, style, words, leading);
            words.Add(style.Billion);
            leading = false;
        }

        AppendBelowBillion(amount % Billion, style, words, leading);
    }

    /// <summary>Reads each digit on its own, as an OTP is spoken: "0427" → "không bốn hai bảy".</summary>
    /// <exception cref="ArgumentException"><paramref name="digits"/> is empty or holds something other than 0-9.</exception>
    public static string ReadDigits(string digits)
    {
        var words = new List<string>(digits.Length);
        AppendDigits(digits, words);
        return string.Join(' ', words);
    }

    /// <summary>Appends one word per digit of <paramref name="digits"/> to <paramref name="words"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="digits"/> is empty or holds something other than 0-9.</exception>
    public static void AppendDigits(string digits, List<string> words)
    {
        ArgumentNullException.ThrowIfNull(digits);
        ArgumentNullException.ThrowIfNull(words);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"'{digits}' is not a string of digits 0-9.", nameof(digits));
        }

        foreach (var digit in digits)
        {
            words.Add(Digits[digit - '0']);
        }
    }

    /// <summary>Every word <see cref="AppendWords"/> and <see cref="AppendDigits"/> can produce in <paramref name="style"/>.</summary>
    public static IReadOnlyList<string> Vocabulary(NumberReadingStyle style) =>
        [.. Digits, "mười", "mươi", "mốt", "tư", "lăm", "trăm", style.ZeroTens, style.Thousand, "triệu", style.Billion];

    private static void AppendBelowBillion(long value, NumberReadingStyle style, List<string> words, bool leading)
    {
        Span<(int Value, string? Scale)> groups =
        [
            ((int)(value / 1_000_000), "triệu"),
            ((int)(value / 1_000 % 1_000), style.Thousand),
            ((int)(value % 1_000), null),
        ];
        foreach (var (group, scale) in groups)
        {
            if (group == 0)
            {
                continue; // all-zero groups say nothing
            }

            AppendGroup(group, style, words, leading);
            if (scale is not null)
            {
                words.Add(scale);
            }

            leading = false;
        }
    }

    private static void AppendGroup(int group, NumberReadingStyle style, List<string> words, bool leading)
    {
        int hundreds = group / 100, tens = group / 10 % 10, units = group % 10;

        // A group after a bigger one always says its hundreds, even zero: 1,005,000 = một triệu KHÔNG TRĂM linh năm nghìn.
        var saysHundreds = hundreds > 0 || !leading;
        if (saysHundreds)
        {
            words.Add(Digits[hundreds]);
            words.Add("trăm");
        }

        switch (tens)
        {
            case 0 when units == 0:
                break;
            case 0:
                // After linh/lẻ a digit keeps its plain name: 105 = một trăm linh năm, 104 = một trăm linh bốn.
                if (saysHundreds)
                {
                    words.Add(style.ZeroTens);
                }

                words.Add(Digits[units]);
                break;
            case 1:
                words.Add("mười");
                AppendUnitAfterTens(units, fourAsTu: false, words);
                break;
            default:
                words.Add(Digits[tens]);
                words.Add("mươi");
                if (units == 1)
                {
                    words.Add("mốt");
                }
                else
                {
                    AppendUnitAfterTens(units, style.FourAfterTens, words);
                }

                break;
        }
    }

    private static void AppendUnitAfterTens(int units, bool fourAsTu, List<string> words)
    {
        switch (units)
        {
            case 0:
                break;
            case 4 when fourAsTu:
                words.Add("tư");
                break;
            case 5:
                words.Add("lăm");
                break;
            default:
                words.Add(Digits[units]);
                break;
        }
    }
}
