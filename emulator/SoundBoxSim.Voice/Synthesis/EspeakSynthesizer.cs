using System.Diagnostics;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Synthesis;

/// <summary>
/// espeak-ng, in-process through libespeak-ng (fast) or as the espeak-ng program. It is only ever given
/// our own words, never digits, so espeak's number reading cannot reach the audio.
/// </summary>
public sealed class EspeakSynthesizer : ISpeechSynthesizer
{
    private readonly EspeakOptions _options;

    /// <summary>Creates the synthesizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The speaking rate is outside 80-450 words per minute.</exception>
    public EspeakSynthesizer(EspeakOptions? options = null)
    {
        _options = options ?? new EspeakOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.WordsPerMinute, 80, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.WordsPerMinute, 450, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.Volume, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.Volume, 200, nameof(options));
    }

    /// <inheritdoc />
    public string Name => "espeak";

    /// <summary>Whether speech runs in-process (true) or through the espeak-ng program (false).</summary>
    public bool InProcess => _options.Mode switch
    {
        EspeakMode.Library => true,
        EspeakMode.Process => false,
        _ => EspeakNative.TryInitialize() is null,
    };

    /// <inheritdoc />
    public async ValueTask<PcmAudio> SynthesizeAsync(Utterance utterance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        cancellationToken.ThrowIfCancellationRequested();
        var text = utterance.SpokenText;
        if (InProcess)
        {
            var (rate, samples) = EspeakNative.Synthesize(text, _options.Voice, _options.WordsPerMinute, _options.Volume);
            return new PcmAudio(rate, samples);
        }

        return await RunProcessAsync(text, cancellationToken);
    }

    private async Task<PcmAudio> RunProcessAsync(string text, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(_options.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var argument in new[] { "-v", _options.Voice, "-s", _options.WordsPerMinute.ToString(culture), "-a", _options.Volume.ToString(culture), "--stdout", "--", text })
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new SpeechSynthesisException($"Could not start {_options.Executable}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SpeechSynthesisException(
                $"The espeak voice needs espeak-ng: '{_options.Executable}' could not be started ({ex.Message}). Install it with: apt-get install espeak-ng.", ex);
        }

        using (process)
        {
            using var wav = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(wav, cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
                await copy;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new SpeechSynthesisException($"espeak-ng exited with {process.ExitCode}: {(await errors).Trim()}");
            }

            try
            {
                return WaveFile.Parse(wav.GetBuffer().AsSpan(0, (int)wav.Length));
            }
            catch (InvalidWaveFileException ex)
            {
                throw new SpeechSynthesisException($"espeak-ng wrote audio that is not a usable WAV: {ex.Message}", ex);
            }
        }
    }
}
