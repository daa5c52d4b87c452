using System.Globalization;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// A SoundBox serial number such as "VNS52508000001": 1 to 8 upper-case ASCII letters, then 1 to 18 digits.
/// It is the device's MQTT client id and its level in every topic; fleets of emulated speakers are minted
/// from one serial with <see cref="Range"/>.
/// </summary>
/// <remarks>
/// Equal serials have the same prefix, number and digit count ("VNS01" is not "VNS1"). Ordering is by prefix
/// (ordinal), then number, then digit count. <c>default</c> is not a serial: it prints as an empty string and
/// <see cref="Next"/> and <see cref="Range"/> refuse it.
/// </remarks>
public readonly record struct DeviceSerial : IComparable<DeviceSerial>
{
    /// <summary>The most letters a serial starts with.</summary>
    public const int MaxPrefixLength = 8;

    /// <summary>The most digits a serial ends with (18, so the number always fits a <see cref="long"/>).</summary>
    public const int MaxDigits = 18;

    /// <summary>The most serials <see cref="Range"/> mints at once.</summary>
    public const int MaxRangeCount = 1_000_000;

    private const string Shape = "a device serial is 1 to 8 upper-case ASCII letters then 1 to 18 digits, e.g. \"VNS52508000001\"";

    private readonly string? _prefix;
    private readonly long _number;
    private readonly int _digits;

    private DeviceSerial(string prefix, long number, int digits)
    {
        _prefix = prefix;
        _number = number;
        _digits = digits;
    }

    /// <summary>The letters, e.g. "VNS": usually the vendor and model line.</summary>
    public string Prefix => _prefix ?? string.Empty;

    /// <summary>The value of the digits, e.g. 52508000001.</summary>
    public long Number => _number;

    /// <summary>How many digits the serial has, leading zeros included; <see cref="Next"/> keeps it.</summary>
    public int Digits => _digits;

    /// <summary>Makes a serial from its parts, so fleets can be minted without string formatting.</summary>
    /// <param name="prefix">1 to 8 upper-case ASCII letters.</param>
    /// <param name="number">The number, from 0 to the largest that fits <paramref name="digits"/>.</param>
    /// <param name="digits">1 to 18: how many digits the serial has, with leading zeros.</param>
    /// <exception cref="ArgumentException">A part is out of its range.</exception>
    public static DeviceSerial Create(string prefix, long number, int digits)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length is 0 or > MaxPrefixLength || prefix.AsSpan().IndexOfAnyExceptInRange('A', 'Z') >= 0)
        {
            throw new ArgumentException($"The prefix must be 1 to {MaxPrefixLength} upper-case ASCII letters; got \"{prefix}\".", nameof(prefix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, MaxDigits);
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, LargestNumber(digits));
        return new DeviceSerial(prefix, number, digits);
    }

    /// <summary>Parses a serial, for input that must be one (configuration, command lines).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a serial; the message shows the expected shape.</exception>
    public static DeviceSerial Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var serial))
        {
            return serial;
        }

        var shown = text.Length > 40 ? string.Concat(text.AsSpan(0, 40), "...") : text;
        throw new FormatException($"\"{shown}\" is not a device serial: {Shape}.");
    }

    /// <summary>Parses a serial without throwing, for input that may not be one (topics, payloads).</summary>
    /// <returns><see langword="true"/> when <paramref name="text"/> is exactly a serial (no spaces, no lower case).</returns>
    public static bool TryParse(string? text, out DeviceSerial serial) => TryParse(text.AsSpan(), out serial);

    /// <summary>Parses a serial from characters without allocating, e.g. a topic level.</summary>
    /// <returns><see langword="true"/> when <paramref name="text"/> is exactly a serial.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out DeviceSerial serial)
    {
        serial = default;
        var letters = text.IndexOfAnyExceptInRange('A', 'Z');
        if (letters < 0)
        {
            return false; // letters only, or empty
        }

        var digits = text.Length - letters;
        if (letters is 0 or > MaxPrefixLength || digits > MaxDigits)
        {
            return false;
        }

        var tail = text[letters..];
        if (tail.IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        serial = new DeviceSerial(text[..letters].ToString(), long.Parse(tail, NumberStyles.None, CultureInfo.InvariantCulture), digits);
        return true;
    }

    /// <summary>The serial after this one: same prefix and digit count, number + 1 ("VNS0099" → "VNS0100").</summary>
    /// <exception cref="OverflowException">The number is already all nines.</exception>
    /// <exception cref="InvalidOperationException">This is <c>default</c>, not a serial.</exception>
    public DeviceSerial Next()
    {
        EnsureNotDefault();
        if (_number >= LargestNumber(_digits))
        {
            throw new OverflowException($"{this} is the last serial with {_digits} digits after \"{_prefix}\"; there is no next one.");
        }

        return new DeviceSerial(_prefix!, _number + 1, _digits);
    }

    /// <summary>
    /// <paramref name="count"/> consecutive serials from <paramref name="start"/> (included), for minting a fleet.
    /// </summary>
    /// <param name="start">The first serial.</param>
    /// <param name="count">0 to <see cref="MaxRangeCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above <see cref="MaxRangeCount"/>.</exception>
    /// <exception cref="OverflowException">The last serial would need more digits than <paramref name="start"/> has.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="start"/> is <c>default</c> and <paramref name="count"/> is not 0.</exception>
    public static IReadOnlyList<DeviceSerial> Range(DeviceSerial start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxRangeCount);
        if (count == 0)
        {
            return [];
        }

        start.EnsureNotDefault();
        if (count - 1 > LargestNumber(start._digits) - start._number)
        {
            throw new OverflowException(
                $"{count} serials from {start} run past {start._prefix}{new string('9', start._digits)}, the last serial with {start._digits} digits.");
        }

        var serials = new DeviceSerial[count];
        for (var i = 0; i < count; i++)
        {
            serials[i] = new DeviceSerial(start._prefix!, start._number + i, start._digits);
        }

        return serials;
    }

    /// <inheritdoc/>
    public int CompareTo(DeviceSerial other)
    {
        var byPrefix = string.CompareOrdinal(Prefix, other.Prefix);
        if (byPrefix != 0)
        {
            return byPrefix;
        }

        var byNumber = _number.CompareTo(other._number);
        return byNumber != 0 ? byNumber : _digits.CompareTo(other._digits);
    }

    /// <summary>Whether <paramref name="left"/> sorts before <paramref name="right"/>.</summary>
    public static bool operator <(DeviceSerial left, DeviceSerial right) => left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> sorts after <paramref name="right"/>.</summary>
    public static bool operator >(DeviceSerial left, DeviceSerial right) => left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> sorts before or equals <paramref name="right"/>.</summary>
    public static bool operator <=(DeviceSerial left, DeviceSerial right) => left.CompareTo(right) <= 0;

    /// <summary>Whether <paramref name="left"/> sorts after or equals <paramref name="right"/>.</summary>
    public static bool operator >=(DeviceSerial left, DeviceSerial right) => left.CompareTo(right) >= 0;

    /// <summary>The serial as written on the device, e.g. "VNS52508000001"; empty for <c>default</c>.</summary>
    public override string ToString()
    {
        if (_prefix is null)
        {
            return string.Empty;
        }

        return string.Create(_prefix.Length + _digits, this, static (span, serial) =>
        {
            serial._prefix.AsSpan().CopyTo(span);
            var number = serial._number;
            for (var i = span.Length - 1; i >= serial._prefix!.Length; i--)
            {
                span[i] = (char)('0' + (int)(number % 10));
                number /= 10;
            }
        });
    }

    private static long LargestNumber(int digits)
    {
        var largest = 9L;
        for (var i = 1; i < digits; i++)
        {
            largest = (largest * 10) + 9;
        }

        return largest;
    }

    private void EnsureNotDefault()
    {
        if (_prefix is null)
        {
            throw new InvalidOperationException("This DeviceSerial is default, not a serial; make one with Parse, TryParse or Create.");
        }
    }
}
