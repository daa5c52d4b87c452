namespace SoundBoxSim.Voice.Audio;

/// <summary>A WAV file that is not 16-bit PCM RIFF/WAVE, or is cut short. The message says what is wrong.</summary>
public sealed class InvalidWaveFileException : FormatException
{
    /// <summary>Creates the exception with a message that names the problem.</summary>
    public InvalidWaveFileException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public InvalidWaveFileException()
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public InvalidWaveFileException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
