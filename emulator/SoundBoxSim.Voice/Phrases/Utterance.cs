namespace SoundBoxSim.Voice.Phrases;

/// <summary>
/// What a speaker says: the display text (as a person would write it) and the tokens a synthesizer speaks.
/// Tokens are words only, never digits, so no synthesizer's own number reading reaches the audio.
/// </summary>
/// <param name="Text">The sentence, e.g. "Đã nhận một trăm năm mươi nghìn đồng."</param>
/// <param name="Tokens">The words and pauses, in order.</param>
public sealed record Utterance(string Text, IReadOnlyList<SpeechToken> Tokens)
{
    /// <summary>The words joined by spaces, with commas where the text pauses: input for text-to-speech engines.</summary>
    public string SpokenText =>
        string.Join(' ', Tokens.Select(token => token.Word ?? ",")).Replace(" ,", ",", StringComparison.Ordinal).Trim(',', ' ');

    /// <summary>The spoken words, without pauses.</summary>
    public IEnumerable<string> Words => Tokens.Where(token => !token.IsPause).Select(token => token.Word!);
}
