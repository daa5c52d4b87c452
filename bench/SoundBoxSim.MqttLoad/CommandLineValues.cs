using System.Globalization;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// '--name value' pairs, taken one by one with bounds, so every bad value is a one-line
/// <see cref="ArgumentException"/> naming the option. Shared (as a linked file) by the bench tools.
/// </summary>
internal sealed class CommandLineValues
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public CommandLineValues(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            }

            _values[args[i][2..]] = args[++i];
        }
    }

    public string? Take(string name) => _values.Remove(name, out var value) ? value : null;

    public int Int(string name, int fallback, int min, int max)
    {
        if (Take(name) is not { } text)
        {
            return fallback;
        }

        var value = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} must be a whole number.");
        return value >= min && value <= max ? value : throw new ArgumentException($"--{name} must be between {min} and {max}.");
    }

    /// <summary>A time such as 500ms, 10s or 2m (a bare number is seconds), from 0 to <paramref name="max"/>.</summary>
    public TimeSpan Time(string name, TimeSpan fallback, TimeSpan max)
    {
        if (Take(name) is not { } text)
        {
            return fallback;
        }

        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        var value = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds * unit)
            : throw new ArgumentException($"--{name} must be a time such as 500ms, 10s or 2m.");
        return value >= TimeSpan.Zero && value <= max ? value : throw new ArgumentException($"--{name} must be at most {max.TotalSeconds} s.");
    }

    /// <summary>Throws for the first option nobody took.</summary>
    public void EnsureAllTaken()
    {
        if (_values.Count > 0)
        {
            throw new ArgumentException($"Unknown option --{_values.Keys.First()}.");
        }
    }
}
