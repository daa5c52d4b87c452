using SoundBoxSim.Voice.Numbers;

namespace SoundBoxSim.Voice.Phrases;

/// <summary>
/// A phrase template such as "Đã nhận {amount} đồng.", parsed once: words, pauses at punctuation, and the
/// placeholders <c>{amount}</c>, <c>{otp}</c>, <c>{number}</c>.
/// </summary>
public sealed class PhraseTemplate
{
    private static readonly char[] PausePunctuation = [',', '.', '!', '?', ';', ':'];
    private readonly List<Part> _parts = [];

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The template holds something other than words, punctuation and known placeholders.</exception>
    public PhraseTemplate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        foreach (var raw in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var core = raw.TrimEnd(PausePunctuation);
            if (core.StartsWith('{') && core.EndsWith('}'))
            {
                var name = core[1..^1];
                if (name is not ("amount" or "otp" or "number"))
                {
                    throw new FormatException($"Unknown placeholder '{{{name}}}' in \"{text}\"; use {{amount}}, {{otp}} or {{number}}.");
                }

                _parts.Add(new Part(null, name));
            }
            else if (core.Length > 0)
            {
                if (!core.All(char.IsLetter))
                {
                    throw new FormatException($"'{core}' in \"{text}\" is not a word: templates hold letters only, so every word has a clip (write numbers as words).");
                }

                _parts.Add(new Part(core.ToLowerInvariant(), null));
            }

            if (core.Length < raw.Length)
            {
                _parts.Add(default);
            }
        }

        Placeholders = [.. _parts.Where(p => p.Placeholder is not null).Select(p => p.Placeholder!).Distinct()];
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The placeholders the template uses.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>The fixed words of the template (without placeholders).</summary>
    public IEnumerable<string> Words => _parts.Where(p => p.Word is not null).Select(p => p.Word!);

    /// <summary>Fills the placeholders and returns what the speaker says.</summary>
    /// <exception cref="ArgumentException">A placeholder has no value, or the value is out of range.</exception>
    public Utterance Render(PhraseArguments arguments, NumberReadingStyle style)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(style);
        var tokens = new List<SpeechToken>(32);
        var words = new List<string>(24);
        var text = Text;
        foreach (var part in _parts)
        {
            if (part.Placeholder is null)
            {
                tokens.Add(new SpeechToken(part.Word));
                continue;
            }

            words.Clear();
            switch (part.Placeholder)
            {
                case "amount":
                    VietnameseNumberReader.AppendWords(Require(arguments.Amount, "amount"), style, words);
                    break;
                case "number":
                    VietnameseNumberReader.AppendWords(Require(arguments.Number, "number"), style, words);
                    break;
                default:
                    VietnameseNumberReader.AppendDigits(arguments.Otp ?? throw Missing("otp"), words);
                    break;
            }

            text = text.Replace("{" + part.Placeholder + "}", string.Join(' ', words), StringComparison.Ordinal);
            tokens.AddRange(words.Select(word => new SpeechToken(word)));
        }

        return new Utterance(text, tokens);
    }

    private long Require(long? value, string name) => value ?? throw Missing(name);

    private ArgumentException Missing(string name) =>
        new($"The phrase \"{Text}\" needs a value for {{{name}}}.", nameof(PhraseArguments));

    private readonly record struct Part(string? Word, string? Placeholder);
}
