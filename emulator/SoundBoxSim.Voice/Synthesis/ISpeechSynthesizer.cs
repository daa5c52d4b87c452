using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Synthesis;

/// <summary>Turns an utterance into 16-bit mono PCM. Implementations are thread-safe.</summary>
public interface ISpeechSynthesizer
{
    /// <summary>The synthesizer's name as the CLI spells it: clips, espeak or azure.</summary>
    string Name { get; }

    /// <summary>Speaks <paramref name="utterance"/>.</summary>
    /// <exception cref="SpeechSynthesisException">The synthesizer could not produce audio; the message says why and how to fix it.</exception>
    ValueTask<PcmAudio> SynthesizeAsync(Utterance utterance, CancellationToken cancellationToken = default);
}
