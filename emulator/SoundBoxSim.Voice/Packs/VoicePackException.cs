namespace SoundBoxSim.Voice.Packs;

/// <summary>A voice pack that cannot be used; the message lists every problem found.</summary>
public sealed class VoicePackException : Exception
{
    /// <summary>Creates the exception with a message that names the problems.</summary>
    public VoicePackException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public VoicePackException()
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public VoicePackException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
