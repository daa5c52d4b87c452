using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace SoundBoxSim.SePay.UserApi;

/// <summary>A query or path parameter the legacy API cannot use; the message names it and says what it should be.</summary>
internal sealed class UserApiParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}

/// <summary>
/// Reads the legacy API's query parameters. An empty value (<c>since_id=</c>) counts as absent, as PHP back ends treat
/// it; a parameter given twice is refused rather than guessed; unknown parameters are ignored.
/// </summary>
internal sealed class UserApiQuery(IQueryCollection query)
{
    private const string DateFormat = "yyyy-MM-dd", DateTimeFormat = "yyyy-MM-dd HH:mm:ss";

    public string? Text(string name)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw new UserApiParameterException(name, $"{name} is given {values.Count} times; give it once");
        }

        var value = values[0];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>A whole number, digits only, at least <paramref name="min"/> and at most <paramref name="max"/>.</summary>
    public long? Integer(string name, long min = 0, long max = long.MaxValue)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        return ParseInteger(name, text, min, max);
    }

    /// <summary>Parses a whole number (digits only) from <paramref name="min"/> to <paramref name="max"/>, or throws naming <paramref name="name"/>.</summary>
    public static long ParseInteger(string name, string text, long min = 0, long max = long.MaxValue)
    {
        var range = max == long.MaxValue ? $"{min} or more" : $"from {min} to {max}";
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UserApiParameterException(name, $"{name} must be a whole number {range}, digits only; got '{Shown(text)}'");
        }

        return value;
    }

    /// <summary>An amount of VND: digits with an optional decimal point (<c>150000</c>, <c>150000.00</c>), no sign, separator or exponent.</summary>
    public decimal? Money(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new UserApiParameterException(name, $"{name} must be an amount of VND with digits and an optional decimal point, e.g. 150000 or 150000.00 (no sign, thousands separator or exponent); got '{Shown(text)}'");
        }

        return value;
    }

    /// <summary>
    /// A date (<c>yyyy-mm-dd</c>) or date and time (<c>yyyy-mm-dd HH:MM:SS</c>) in Vietnam time, as SePay writes them,
    /// returned as the <c>yyyy-MM-dd HH:mm:ss</c> bound to compare with: a date alone is its first second as a lower
    /// bound and its last second as an upper bound, so <c>..._max=2025-05-04</c> takes in the whole of that day.
    /// </summary>
    public string? DateBound(string name, bool upper)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time.ToString(DateTimeFormat, CultureInfo.InvariantCulture);
        }

        if (DateTime.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString(DateFormat, CultureInfo.InvariantCulture) + (upper ? " 23:59:59" : " 00:00:00");
        }

        throw new UserApiParameterException(name, $"{name} must be a real date yyyy-mm-dd or date and time yyyy-mm-dd HH:MM:SS in Vietnam time, e.g. 2025-05-04 or 2025-05-04 11:59:47; got '{Shown(text)}'");
    }

    /// <summary>The value as it may be echoed in an error: at most 64 characters, control characters as '?'.</summary>
    public static string Shown(string text)
    {
        var cut = text.Length > 64 ? text[..64] + "..." : text;
        return new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
