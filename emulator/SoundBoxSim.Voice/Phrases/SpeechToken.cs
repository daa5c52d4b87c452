namespace SoundBoxSim.Voice.Phrases;

/// <summary>One unit of an utterance: a spoken word, or a pause where the text had punctuation.</summary>
/// <param name="Word">The lower-case word, or null for a pause.</param>
public readonly record struct SpeechToken(string? Word)
{
    /// <summary>A pause between sentences or clauses.</summary>
    public static SpeechToken Pause => default;

    /// <summary>Whether this token is a pause.</summary>
    public bool IsPause => Word is null;
}
