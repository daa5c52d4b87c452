using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice;

/// <summary>A phrase as the speaker said it: the words and the audio.</summary>
/// <param name="Utterance">The text and tokens.</param>
/// <param name="Audio">The rendered audio.</param>
public sealed record SpokenPhrase(Utterance Utterance, PcmAudio Audio)
{
    /// <summary>The sentence as text.</summary>
    public string Text => Utterance.Text;

    /// <summary>How long it plays.</summary>
    public TimeSpan Duration => Audio.Duration;

    /// <summary>The audio as a WAV file.</summary>
    public byte[] ToWav() => WaveFile.ToBytes(Audio);
}
