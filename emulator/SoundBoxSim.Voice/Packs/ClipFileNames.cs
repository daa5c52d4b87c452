using System.Text;

namespace SoundBoxSim.Voice.Packs;

/// <summary>
/// ASCII file names for Vietnamese words in Telex spelling (một → mootj, mười → muwowif), so that names are
/// portable and words that differ only in tone (một, mốt) never collide.
/// </summary>
public static class ClipFileNames
{
    /// <summary>The Telex spelling of <paramref name="word"/>, e.g. "đồng" → "ddoongf".</summary>
    /// <exception cref="ArgumentException">The word holds a character Telex cannot spell.</exception>
    public static string ToTelex(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var result = new StringBuilder(word.Length + 4);
        char? tone = null;
        foreach (var ch in word.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            switch (ch)
            {
                case 'đ': result.Append("dd"); break;
                case '\u0302' when result.Length > 0: result.Append(result[^1]); break; // circumflex: â ê ô → aa ee oo
                case '\u0306' or '\u031B': result.Append('w'); break; // breve ă, horn ơ ư → aw ow uw
                case '\u0301': tone = 's'; break;
                case '\u0300': tone = 'f'; break;
                case '\u0309': tone = 'r'; break;
                case '\u0303': tone = 'x'; break;
                case '\u0323': tone = 'j'; break;
                case >= 'a' and <= 'z': result.Append(ch); break;
                default:
                    throw new ArgumentException(
                        $"'{word}' holds '{ch}' (U+{(int)ch:X4}), which is not a Vietnamese letter.", nameof(word));
            }
        }

        if (tone is not null)
        {
            result.Append(tone.Value);
        }

        return result.ToString();
    }
}
