using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace SoundBoxSim.SePay.Ledger;

/// <summary>
/// Finds the payment code in a transfer's content by the company's templates (contract 8.2): case-insensitive, the
/// first match in the content wins (whichever template), reported upper-case. A code must not be glued to letters or
/// digits before it, nor to more suffix characters after it, so <c>ADH1234</c> and a too-long <c>DH123456789012</c> are no codes.
/// </summary>
public static class PaymentCodeMatcher
{
    // Templates are few and change rarely; building a Regex per transfer cost a quarter of the delivery benchmark's core.
    private static readonly ConcurrentDictionary<PaymentCodeTemplate, Regex> Patterns = new();

    /// <summary>The code in <paramref name="content"/>, or null.</summary>
    public static string? Find(string content, IEnumerable<PaymentCodeTemplate> templates)
    {
        Match? best = null;
        foreach (var template in templates.Where(t => t.Active))
        {
            var match = Patterns.GetOrAdd(template, Pattern).Match(content);
            if (match.Success && (best is null || match.Index < best.Index))
            {
                best = match;
            }
        }

        return best?.Value.ToUpperInvariant();
    }

    /// <summary>Checks a template against SePay's limits; null when valid, else what is wrong.</summary>
    public static string? Problem(PaymentCodeTemplate template) =>
        template.Prefix is not { Length: >= 2 and <= 5 } || !template.Prefix.All(char.IsAsciiLetter) ? "prefix must be 2 to 5 letters"
        : template.SuffixFrom is < 1 or > 30 ? "suffixFrom must be from 1 to 30"
        : template.SuffixTo < template.SuffixFrom || template.SuffixTo > 30 ? "suffixTo must be from suffixFrom to 30"
        : null;

    private static Regex Pattern(PaymentCodeTemplate t)
    {
        var characters = t.CharacterType == PaymentCodeCharacters.NumberOnly ? "[0-9]" : "[A-Za-z0-9]";
        return new Regex(
            $"(?<![A-Za-z0-9]){Regex.Escape(t.Prefix)}{characters}{{{t.SuffixFrom},{t.SuffixTo}}}(?!{characters})",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
