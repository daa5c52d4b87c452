using System.Globalization;
using SoundBoxSim.Voice.Numbers;

namespace SoundBoxSim.Cli.Commands;

/// <summary>Checks of what a user types, each failing with a one-line reason.</summary>
internal static class CliInput
{
    /// <summary>
    /// Parses an amount of đồng: digits, optionally grouped by thousands with '.', ',', '_' or spaces
    /// (150000, 150.000, 1,005,000). Returns null and a reason when it is not one.
    /// </summary>
    public static long? ParseAmount(string? text, out string? reason)
    {
        reason = null;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            reason = "an amount is required, e.g. ./sbsim say 150000";
            return null;
        }

        if (trimmed.StartsWith('-'))
        {
            reason = $"the amount {trimmed} is negative; a speaker announces received money, 0 or more đồng";
            return null;
        }

        var digits = trimmed;
        var separator = trimmed.FirstOrDefault(c => c is '.' or ',' or '_' or ' ');
        if (separator != default)
        {
            var groups = trimmed.Split(separator);
            var grouped = groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
            digits = grouped ? string.Concat(groups) : "";
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            reason = $"'{trimmed}' is not a whole number of đồng; write digits, e.g. 150000 or 150.000";
            return null;
        }

        if (digits.TrimStart('0').Length > 15 ||
            !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ||
            amount > VietnameseNumberReader.MaxAmount)
        {
            reason = $"{trimmed} is too large; the largest amount is {VietnameseNumberReader.MaxAmount.ToString("N0", CultureInfo.InvariantCulture)} đồng";
            return null;
        }

        return amount;
    }

    /// <summary>Checks an OTP: exactly four digits.</summary>
    public static string? CheckOtp(string otp) =>
        otp.Length == 4 && otp.All(char.IsAsciiDigit)
            ? null
            : $"the OTP '{otp}' must be exactly 4 digits, e.g. 0427";
}
