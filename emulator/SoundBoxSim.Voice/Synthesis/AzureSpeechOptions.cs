namespace SoundBoxSim.Voice.Synthesis;

/// <summary>
/// Settings of the optional Azure voice, normally read from the environment:
/// <c>SBSIM_AZURE_SPEECH_KEY</c> (required), and <c>SBSIM_AZURE_SPEECH_REGION</c> or
/// <c>SBSIM_AZURE_SPEECH_ENDPOINT</c> (one of them), <c>SBSIM_AZURE_SPEECH_VOICE</c> (optional).
/// </summary>
public sealed record AzureSpeechOptions
{
    /// <summary>The environment variable that holds the subscription key.</summary>
    public const string KeyVariable = "SBSIM_AZURE_SPEECH_KEY";

    /// <summary>The environment variable that holds the region, e.g. "southeastasia".</summary>
    public const string RegionVariable = "SBSIM_AZURE_SPEECH_REGION";

    /// <summary>The environment variable that overrides the endpoint (a full base URL).</summary>
    public const string EndpointVariable = "SBSIM_AZURE_SPEECH_ENDPOINT";

    /// <summary>The environment variable that names the voice.</summary>
    public const string VoiceVariable = "SBSIM_AZURE_SPEECH_VOICE";

    /// <summary>The subscription key.</summary>
    public required string Key { get; init; }

    /// <summary>The base URL; the request goes to <c>{Endpoint}/cognitiveservices/v1</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The neural voice. The default is "vi-VN-HoaiMyNeural".</summary>
    public string Voice { get; init; } = "vi-VN-HoaiMyNeural";

    /// <summary>How long to wait for an answer. The default is 30 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads the options from the environment.</summary>
    /// <exception cref="SpeechSynthesisException">The key, or both region and endpoint, are missing; the message says which variables to set.</exception>
    public static AzureSpeechOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var key = getVariable(KeyVariable);
        var region = getVariable(RegionVariable);
        var endpoint = getVariable(EndpointVariable);
        if (string.IsNullOrWhiteSpace(key) || (string.IsNullOrWhiteSpace(region) && string.IsNullOrWhiteSpace(endpoint)))
        {
            throw new SpeechSynthesisException(
                $"The azure voice is not configured: set {KeyVariable} and {RegionVariable} (or {EndpointVariable}), or use --voice clips.");
        }

        if (!Uri.TryCreate(string.IsNullOrWhiteSpace(endpoint) ? $"https://{region}.tts.speech.microsoft.com" : endpoint, UriKind.Absolute, out var uri))
        {
            throw new SpeechSynthesisException($"{EndpointVariable}/{RegionVariable} do not form a valid URL ('{endpoint ?? region}').");
        }

        var voice = getVariable(VoiceVariable);
        return new AzureSpeechOptions
        {
            Key = key,
            Endpoint = uri,
            Voice = string.IsNullOrWhiteSpace(voice) ? "vi-VN-HoaiMyNeural" : voice,
        };
    }
}
