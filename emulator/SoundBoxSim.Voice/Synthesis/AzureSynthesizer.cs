using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Voice.Synthesis;

/// <summary>
/// Azure Speech neural voices through the REST text-to-speech API (SSML in, 24 kHz 16-bit mono WAV out).
/// Pauses become SSML breaks of the given length; words are sent as words, never digits.
/// </summary>
public sealed class AzureSynthesizer : ISpeechSynthesizer
{
    private const string OutputFormat = "riff-24khz-16bit-mono-pcm";
    private readonly AzureSpeechOptions _options;
    private readonly HttpClient _http;
    private readonly TimeSpan _pause;

    /// <summary>Creates the synthesizer; <paramref name="http"/> is not disposed by it.</summary>
    /// <param name="options">Key, endpoint and voice.</param>
    /// <param name="http">The client to send requests with.</param>
    /// <param name="pause">The silence at a comma or full stop. The default is 250 ms.</param>
    public AzureSynthesizer(AzureSpeechOptions options, HttpClient http, TimeSpan? pause = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _pause = pause ?? TimeSpan.FromMilliseconds(250);
    }

    /// <inheritdoc />
    public string Name => "azure";

    /// <summary>The SSML document sent for <paramref name="utterance"/>.</summary>
    public string ToSsml(Utterance utterance)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var body = new StringBuilder();
        foreach (var token in utterance.Tokens)
        {
            body.Append(token.IsPause ? $"<break time=\"{(int)_pause.TotalMilliseconds}ms\"/>" : SecurityElement.Escape(token.Word) + " ");
        }

        return $"<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"vi-VN\"><voice name=\"{SecurityElement.Escape(_options.Voice)}\">{body.ToString().TrimEnd()}</voice></speak>";
    }

    /// <inheritdoc />
    public async ValueTask<PcmAudio> SynthesizeAsync(Utterance utterance, CancellationToken cancellationToken = default)
    {
        // Resolve against the endpoint as a folder, or a path such as https://proxy/azure would lose "azure".
        var endpoint = _options.Endpoint.AbsoluteUri.EndsWith('/') ? _options.Endpoint : new Uri(_options.Endpoint.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "cognitiveservices/v1"))
        {
            Content = new StringContent(ToSsml(utterance), Encoding.UTF8, "application/ssml+xml"),
        };
        request.Headers.Add("Ocp-Apim-Subscription-Key", _options.Key);
        request.Headers.Add("X-Microsoft-OutputFormat", OutputFormat);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("SoundBoxSim", "1.0"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new SpeechSynthesisException($"Azure Speech at {_options.Endpoint} could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpeechSynthesisException($"Azure Speech did not answer within {_options.Timeout.TotalSeconds:0.###} s.", ex);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new SpeechSynthesisException(Describe(response.StatusCode, bytes));
            }

            try
            {
                return WaveFile.Parse(bytes);
            }
            catch (InvalidWaveFileException ex)
            {
                throw new SpeechSynthesisException($"Azure Speech answered audio that is not a usable WAV: {ex.Message}", ex);
            }
        }
    }

    private string Describe(HttpStatusCode status, byte[] body)
    {
        var detail = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200))).Trim();
        var hint = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the key was refused; check {AzureSpeechOptions.KeyVariable} and the region",
            HttpStatusCode.BadRequest => $"the request was refused; check that voice '{_options.Voice}' exists",
            HttpStatusCode.TooManyRequests => "too many requests; wait and try again, or use a higher tier",
            _ => "the service failed",
        };
        return $"Azure Speech answered {(int)status} {status}: {hint}.{(detail.Length > 0 ? " " + detail : "")}";
    }
}
