using System.Globalization;
using System.Text;

namespace SoundBoxSim.SePay.VietQr;

/// <summary>One EMVCo data object: a two-digit ID, and its value; <see cref="Position"/> is where its ID starts in the payload.</summary>
internal readonly record struct TlvField(string Tag, string Value, int Position);

/// <summary>
/// EMVCo's ID-length-value encoding: a two-digit ID, a two-digit length from 01 to 99 and that many characters of value.
/// The reader trusts no length: every one is checked against what is left before a value is taken.
/// </summary>
internal static class Tlv
{
    /// <summary>The largest value one data object can hold: its length has two digits.</summary>
    public const int MaxValueLength = 99;

    /// <summary>Appends one data object; throws when the ID is not two digits or the value does not fit 1 to 99 characters.</summary>
    public static StringBuilder Append(StringBuilder builder, string tag, string value)
    {
        if (tag.Length != 2 || !IsAsciiDigits(tag))
        {
            throw new ArgumentException($"EMVCo IDs are two digits; got \"{tag}\".", nameof(tag));
        }

        if (value.Length is 0 or > MaxValueLength)
        {
            throw new ArgumentException(
                $"The value of ID {tag} is {value.Length} characters; an EMVCo data object holds 1 to {MaxValueLength}.", nameof(value));
        }

        return builder.Append(tag).Append(value.Length.ToString("D2", CultureInfo.InvariantCulture)).Append(value);
    }

    /// <summary>The data objects of <paramref name="text"/>, in order. <paramref name="offset"/> is where <paramref name="text"/> starts in the payload.</summary>
    /// <param name="text">A payload, or the value of a template.</param>
    /// <param name="offset">The position of <paramref name="text"/> in the whole payload, for messages.</param>
    /// <param name="where">What <paramref name="text"/> is, for messages, e.g. <c>the payload</c> or <c>template 38</c>.</param>
    /// <exception cref="FormatException">The text is not a sequence of well-formed data objects, or repeats an ID.</exception>
    public static List<TlvField> Read(string text, int offset, string where)
    {
        var fields = new List<TlvField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var at = offset + i;
            var left = text.Length - i;
            if (left < 4)
            {
                throw new FormatException($"{where}: {left} character(s) left at position {at}, too few for an ID and a length.");
            }

            var tag = text.Substring(i, 2);
            if (!IsAsciiDigits(tag))
            {
                throw new FormatException($"{where}: the ID \"{tag}\" at position {at} is not two digits.");
            }

            var lengthText = text.Substring(i + 2, 2);
            if (!IsAsciiDigits(lengthText))
            {
                throw new FormatException($"{where}: the length \"{lengthText}\" of ID {tag} at position {at} is not two digits.");
            }

            var length = (lengthText[0] - '0') * 10 + (lengthText[1] - '0');
            if (length == 0)
            {
                throw new FormatException($"{where}: ID {tag} at position {at} has length 00; a value has at least one character.");
            }

            if (length > left - 4)
            {
                throw new FormatException(
                    $"{where}: ID {tag} at position {at} claims {length} characters but only {left - 4} follow.");
            }

            if (!seen.Add(tag))
            {
                throw new FormatException($"{where}: ID {tag} appears twice (again at position {at}).");
            }

            fields.Add(new TlvField(tag, text.Substring(i + 4, length), at));
            i += 4 + length;
        }

        return fields;
    }

    public static bool IsAsciiDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
