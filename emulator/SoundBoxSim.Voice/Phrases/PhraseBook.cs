using SoundBoxSim.Voice.Numbers;

namespace SoundBoxSim.Voice.Phrases;

/// <summary>
/// A voice pack's phrases: one template per phrase name, with per-device-model overrides
/// (a model that does not override a phrase uses the default).
/// </summary>
public sealed class PhraseBook
{
    private readonly Dictionary<string, PhraseTemplate> _defaults;
    private readonly Dictionary<string, Dictionary<string, PhraseTemplate>> _models;

    /// <summary>Parses the templates.</summary>
    /// <param name="defaults">Phrase name → template.</param>
    /// <param name="models">Device model (e.g. "S5 Plus") → phrase name → template.</param>
    /// <exception cref="FormatException">A template is malformed or a required phrase is missing; every problem is listed.</exception>
    public PhraseBook(IReadOnlyDictionary<string, string> defaults, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? models = null)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var errors = new List<string>();
        _defaults = Parse(defaults, "default", errors);
        _models = (models ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
            .ToDictionary(m => m.Key, m => Parse(m.Value, $"model '{m.Key}'", errors), StringComparer.OrdinalIgnoreCase);
        errors.AddRange(PhraseKeys.Required.Where(key => !_defaults.ContainsKey(key)).Select(key => $"the default phrases have no '{key}'"));
        foreach (var (model, overrides) in _models)
        {
            errors.AddRange(overrides.Keys.Where(key => !_defaults.ContainsKey(key))
                .Select(key => $"model '{model}' overrides '{key}', which has no default"));
        }

        if (errors.Count > 0)
        {
            throw new FormatException("Invalid phrases: " + string.Join("; ", errors) + ".");
        }
    }

    /// <summary>The phrase names.</summary>
    public IEnumerable<string> Keys => _defaults.Keys;

    /// <summary>The device models with their own phrases.</summary>
    public IEnumerable<string> Models => _models.Keys;

    /// <summary>Every template: defaults and model overrides.</summary>
    public IEnumerable<PhraseTemplate> Templates => _defaults.Values.Concat(_models.Values.SelectMany(m => m.Values));

    /// <summary>The template for <paramref name="key"/> as <paramref name="model"/> says it.</summary>
    /// <exception cref="KeyNotFoundException">There is no such phrase.</exception>
    public PhraseTemplate Get(string key, string? model = null)
    {
        if (model is not null && _models.TryGetValue(model, out var overrides) && overrides.TryGetValue(key, out var own))
        {
            return own;
        }

        return _defaults.TryGetValue(key, out var template)
            ? template
            : throw new KeyNotFoundException($"There is no phrase '{key}'; known phrases: {string.Join(", ", _defaults.Keys)}.");
    }

    /// <summary>Renders phrase <paramref name="key"/> for <paramref name="model"/> with <paramref name="arguments"/>.</summary>
    public Utterance Render(string key, PhraseArguments arguments, NumberReadingStyle style, string? model = null) =>
        Get(key, model).Render(arguments, style);

    private static Dictionary<string, PhraseTemplate> Parse(IReadOnlyDictionary<string, string> source, string owner, List<string> errors)
    {
        var parsed = new Dictionary<string, PhraseTemplate>(StringComparer.Ordinal);
        foreach (var (key, text) in source)
        {
            try
            {
                parsed[key] = new PhraseTemplate(text);
            }
            catch (FormatException ex)
            {
                errors.Add($"{owner} phrase '{key}': {ex.Message}");
            }
        }

        return parsed;
    }
}
