namespace SoundBoxSim.Voice.Synthesis;

/// <summary>A synthesizer could not produce audio; the message says what was wrong and how to fix it.</summary>
public sealed class SpeechSynthesisException : Exception
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public SpeechSynthesisException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SpeechSynthesisException()
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public SpeechSynthesisException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
