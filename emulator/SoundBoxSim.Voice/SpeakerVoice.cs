using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Packs;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice;

/// <summary>
/// What a speaker says and how it sounds: a voice pack's phrases, read in the pack's regional style and
/// rendered by a synthesizer. Thread-safe.
/// </summary>
public sealed class SpeakerVoice
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());

    /// <summary>Creates a voice from its parts.</summary>
    /// <param name="pack">The phrases (and, for the clip synthesizer, the clips).</param>
    /// <param name="synthesizer">What turns words into audio.</param>
    /// <param name="model">The device model whose wording to use; null for the pack's default wording.</param>
    public SpeakerVoice(VoicePack pack, ISpeechSynthesizer synthesizer, string? model = null)
    {
        Pack = pack ?? throw new ArgumentNullException(nameof(pack));
        Synthesizer = synthesizer ?? throw new ArgumentNullException(nameof(synthesizer));
        Model = model;
    }

    /// <summary>The voice pack.</summary>
    public VoicePack Pack { get; }

    /// <summary>The synthesizer.</summary>
    public ISpeechSynthesizer Synthesizer { get; }

    /// <summary>The device model, or null.</summary>
    public string? Model { get; }

    /// <summary>How numbers are read.</summary>
    public NumberReadingStyle Style => Pack.Style;

    /// <summary>Creates the voice <paramref name="options"/> describe.</summary>
    /// <exception cref="ArgumentException">The synthesizer name is unknown.</exception>
    /// <exception cref="VoicePackException">The pack folder cannot be loaded.</exception>
    /// <exception cref="SpeechSynthesisException">The azure voice is chosen but not configured.</exception>
    public static SpeakerVoice Create(VoiceOptions? options = null, HttpClient? http = null)
    {
        options ??= new VoiceOptions();
        var pack = options.PackFolder is null ? VoicePack.LoadBuiltIn(options.Region) : VoicePack.LoadFolder(options.PackFolder);
        ISpeechSynthesizer synthesizer = options.Synthesizer switch
        {
            "clips" => new ClipSynthesizer(pack),
            "espeak" => new EspeakSynthesizer(options.Espeak ?? new EspeakOptions
            {
                Voice = pack.Region == VietnameseRegion.South ? "vi-vn-x-south" : "vi",
            }),
            "azure" => new AzureSynthesizer(
                options.Azure ?? AzureSpeechOptions.FromEnvironment() with
                {
                    Voice = Environment.GetEnvironmentVariable(AzureSpeechOptions.VoiceVariable) is { Length: > 0 } voice ? voice
                        : pack.Region == VietnameseRegion.South ? "vi-VN-NamMinhNeural" : "vi-VN-HoaiMyNeural",
                },
                http ?? SharedHttp.Value,
                TimeSpan.FromMilliseconds(pack.Manifest.PauseMs)),
            _ => throw new ArgumentException(
                $"Unknown voice '{options.Synthesizer}'; use one of: {string.Join(", ", VoiceOptions.Synthesizers)}.", nameof(options)),
        };
        return new SpeakerVoice(pack, synthesizer, options.Model);
    }

    /// <summary>The words of phrase <paramref name="key"/>, without audio.</summary>
    public Utterance Render(string key, PhraseArguments? arguments = null) =>
        Pack.Phrases.Render(key, arguments ?? PhraseArguments.None, Style, Model);

    /// <summary>Says phrase <paramref name="key"/>.</summary>
    public async Task<SpokenPhrase> SayAsync(string key, PhraseArguments? arguments = null, CancellationToken cancellationToken = default)
    {
        var utterance = Render(key, arguments);
        return new SpokenPhrase(utterance, await Synthesizer.SynthesizeAsync(utterance, cancellationToken));
    }

    /// <summary>Announces a received amount.</summary>
    public Task<SpokenPhrase> SayAmountAsync(long amount, CancellationToken cancellationToken = default) =>
        SayAsync(PhraseKeys.AmountReceived, new PhraseArguments { Amount = amount }, cancellationToken);

    /// <summary>Speaks a pairing code digit by digit (the pack's OTP phrase says it twice).</summary>
    public Task<SpokenPhrase> SayOtpAsync(string otp, CancellationToken cancellationToken = default) =>
        SayAsync(PhraseKeys.Otp, new PhraseArguments { Otp = otp }, cancellationToken);
}
