namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>A refusal in the contract's shape: the HTTP status (also the envelope's <c>code</c>), SePay-style Vietnamese text, and English detail.</summary>
public sealed class SpeakerApiException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public SpeakerApiException(int status, string message, string detail)
        : base(message)
    {
        Status = status;
        Detail = detail;
    }

    /// <summary>Creates a refusal with status 400.</summary>
    public SpeakerApiException()
        : this(400, "Yêu cầu không hợp lệ", "bad request")
    {
    }

    /// <summary>Creates a refusal with status 400 and <paramref name="message"/>.</summary>
    public SpeakerApiException(string message)
        : this(400, message, message)
    {
    }

    /// <summary>Creates a refusal with status 400, <paramref name="message"/> and a cause.</summary>
    public SpeakerApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Detail = message;
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>What was wrong and how to fix it, in English.</summary>
    public string Detail { get; }

    /// <summary>Seconds to wait, for 429.</summary>
    public int? RetryAfterSeconds { get; init; }
}
