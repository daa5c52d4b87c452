using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;
using SoundBoxSim.Voice.Tests.Audio;

namespace SoundBoxSim.Voice.Tests.Synthesis;

/// <summary>The Azure voice against a local stub of the Azure Speech REST API.</summary>
public sealed class AzureSynthesizerTests : IDisposable
{
    private static readonly XNamespace Ssml = "http://www.w3.org/2001/10/synthesis";
    private static readonly short[] AnswerSamples = WaveBytes.Tone(2_400, amplitude: 12_000);
    private static readonly byte[] AnswerWav = WaveFile.ToBytes(new PcmAudio(24_000, AnswerSamples));

    private static readonly Utterance Greeting = new("Xin chào, loa thanh toán.",
        [new SpeechToken("xin"), new SpeechToken("chào"), SpeechToken.Pause, new SpeechToken("loa"), new SpeechToken("thanh"), new SpeechToken("toán"), SpeechToken.Pause]);

    private readonly HttpClient _http = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task SynthesizeAsync_Utterance_PostsSsmlWithAzureHeadersToCognitiveServicesV1()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);
        var synthesizer = new AzureSynthesizer(Options(stub.BaseAddress, key: "key-123", voice: "vi-VN-NamMinhNeural"), _http);

        await synthesizer.SynthesizeAsync(Greeting, Token);

        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/cognitiveservices/v1", request.Path);
        Assert.Equal("key-123", request.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal("riff-24khz-16bit-mono-pcm", request.Header("X-Microsoft-OutputFormat"));
        Assert.Equal("application/ssml+xml", request.Header("Content-Type").Split(';')[0].Trim());
        Assert.False(string.IsNullOrEmpty(request.Header("User-Agent")));

        var speak = XDocument.Parse(request.Body).Root!;
        Assert.Equal(Ssml + "speak", speak.Name);
        Assert.Equal("1.0", (string?)speak.Attribute("version"));
        Assert.Equal("vi-VN", (string?)speak.Attribute(XNamespace.Xml + "lang"));
        var voice = Assert.Single(speak.Elements(Ssml + "voice"));
        Assert.Equal("vi-VN-NamMinhNeural", (string?)voice.Attribute("name"));
        Assert.Equal(["xin chào", "loa thanh toán"], voice.Nodes().OfType<XText>().Select(t => t.Value.Trim()));
        var breaks = voice.Elements(Ssml + "break").ToList();
        Assert.Equal(2, breaks.Count);
        Assert.All(breaks, b => Assert.Equal("250ms", (string?)b.Attribute("time")));
        // The first break sits where the comma was: between "chào" and "loa".
        Assert.Equal("xin chào", (breaks[0].PreviousNode as XText)?.Value.Trim());
    }

    [Fact]
    public async Task SynthesizeAsync_StubAnswersWav_ReturnsItsSamplesAndRate()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);

        var audio = await new AzureSynthesizer(Options(stub.BaseAddress), _http).SynthesizeAsync(Greeting, Token);

        Assert.Equal(24_000, audio.SampleRate);
        Assert.Equal(AnswerSamples, audio.Samples.ToArray());
    }

    [Fact]
    public async Task SynthesizeAsync_CustomPause_UsesItInBreaks()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);

        await new AzureSynthesizer(Options(stub.BaseAddress), _http, TimeSpan.FromMilliseconds(400)).SynthesizeAsync(Greeting, Token);

        var breaks = XDocument.Parse(Assert.Single(stub.Requests).Body).Descendants(Ssml + "break").ToList();
        Assert.Equal(2, breaks.Count);
        Assert.All(breaks, b => Assert.Equal("400ms", (string?)b.Attribute("time")));
    }

    [Fact]
    public async Task SynthesizeAsync_MarkupCharactersInWordsAndVoice_AreXmlEscaped()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);
        var utterance = new Utterance("x", [new SpeechToken("a&b"), new SpeechToken("<c>"), new SpeechToken("\"d'"), new SpeechToken("</voice></speak>")]);

        await new AzureSynthesizer(Options(stub.BaseAddress, voice: "x'y\"&<z>"), _http).SynthesizeAsync(utterance, Token);

        var body = Assert.Single(stub.Requests).Body;
        var voice = Assert.Single(XDocument.Parse(body).Root!.Elements(Ssml + "voice"));
        Assert.Equal("x'y\"&<z>", (string?)voice.Attribute("name"));
        Assert.Equal("a&b <c> \"d' </voice></speak>", voice.Value);
        Assert.Empty(voice.Elements());
    }

    [Fact]
    public async Task Create_AzureWithOptions_SpeaksAnAmountInWordsThroughTheStub()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);
        var voice = SpeakerVoice.Create(new VoiceOptions
        {
            Synthesizer = "azure",
            Azure = Options(stub.BaseAddress, key: "from-options", voice: "vi-VN-HoaiMyNeural"),
        }, _http);

        var spoken = await voice.SayAmountAsync(1_005_000, Token);

        Assert.Equal("azure", voice.Synthesizer.Name);
        Assert.Equal(AnswerSamples, spoken.Audio.Samples.ToArray());
        var request = Assert.Single(stub.Requests);
        Assert.Equal("from-options", request.Header("Ocp-Apim-Subscription-Key"));
        var speak = XDocument.Parse(request.Body).Root!;
        var text = string.Concat(speak.DescendantNodes().OfType<XText>().Select(t => t.Value));
        Assert.Contains("đã nhận một triệu không trăm linh năm nghìn đồng", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, char.IsAsciiDigit);
        // The pause at the full stop is the pack's pause.
        var pause = Assert.Single(speak.Descendants(Ssml + "break"));
        Assert.Equal($"{voice.Pack.Manifest.PauseMs}ms", (string?)pause.Attribute("time"));
    }

    [Fact]
    public async Task Create_AzureSouth_ReadsTheSouthernWayAndSendsOtpDigitsAsWords()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);
        var voice = SpeakerVoice.Create(new VoiceOptions
        {
            Region = VietnameseRegion.South,
            Synthesizer = "azure",
            Azure = Options(stub.BaseAddress),
        }, _http);

        await voice.SayOtpAsync("0427", Token);

        var text = XDocument.Parse(Assert.Single(stub.Requests).Body).Root!.Value;
        Assert.Contains("không bốn hai bảy", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, char.IsAsciiDigit);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task SynthesizeAsync_KeyRefused_ThrowsMentioningTheKeyVariable(int status)
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Error(status, ""), Token);

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new AzureSynthesizer(Options(stub.BaseAddress), _http).SynthesizeAsync(Greeting, Token));

        Assert.Contains($"{status}", exception.Message, StringComparison.Ordinal);
        Assert.Contains(AzureSpeechOptions.KeyVariable, exception.Message, StringComparison.Ordinal);
        Assert.Contains("SBSIM_AZURE_SPEECH_KEY", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "check that voice 'vi-VN-Nobody' exists")]
    [InlineData(429, "too many requests")]
    [InlineData(500, "the service failed")]
    [InlineData(503, "the service failed")]
    public async Task SynthesizeAsync_ErrorStatus_ThrowsWithStatusHintAndServiceDetail(int status, string hint)
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Error(status, "detail from the service"), Token);

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new AzureSynthesizer(Options(stub.BaseAddress, voice: "vi-VN-Nobody"), _http).SynthesizeAsync(Greeting, Token));

        Assert.StartsWith($"Azure Speech answered {status} ", exception.Message, StringComparison.Ordinal);
        Assert.Contains(hint, exception.Message, StringComparison.Ordinal);
        Assert.Contains("detail from the service", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_LongErrorBody_QuotesOnlyItsStart()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Error(500, new string('x', 5_000)), Token);

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new AzureSynthesizer(Options(stub.BaseAddress), _http).SynthesizeAsync(Greeting, Token));

        Assert.InRange(exception.Message.Length, 200, 400);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("empty")]
    [InlineData("8-bit wav")]
    public async Task SynthesizeAsync_SuccessWithoutUsableWav_ThrowsSpeechSynthesisException(string kind)
    {
        byte[] body = kind switch
        {
            "html" => "<html><body>maintenance</body></html>"u8.ToArray(),
            "empty" => [],
            _ => WaveBytes.Riff(WaveBytes.Fmt(bits: 8), new Chunk("data", [128, 128])),
        };
        await using var stub = await AzureStubServer.StartAsync(new StubAnswer(200, "audio/x-wav", body), Token);

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new AzureSynthesizer(Options(stub.BaseAddress), _http).SynthesizeAsync(Greeting, Token));

        Assert.Contains("not a usable WAV", exception.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidWaveFileException>(exception.InnerException);
    }

    [Fact]
    public async Task SynthesizeAsync_UnreachableEndpoint_ThrowsSpeechSynthesisException()
    {
        // A port that was free a moment ago and has no listener now: the connection is refused.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var endpoint = new Uri($"http://127.0.0.1:{port}/");

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new AzureSynthesizer(Options(endpoint), _http).SynthesizeAsync(Greeting, Token));

        Assert.Contains("could not be reached", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", exception.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(exception.InnerException);
    }

    [Fact]
    public async Task SynthesizeAsync_ServerNeverAnswers_ThrowsAfterTheTimeout()
    {
        var release = new TaskCompletionSource<StubAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await AzureStubServer.StartAsync((_, aborted) => release.Task.WaitAsync(aborted), Token);
        var options = Options(stub.BaseAddress) with { Timeout = TimeSpan.FromMilliseconds(200) };

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(async () =>
            await new AzureSynthesizer(options, _http).SynthesizeAsync(Greeting, Token));

        release.SetResult(AzureStubServer.Wav(AnswerWav));
        Assert.Contains("did not answer within", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthesizeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new AzureSynthesizer(Options(stub.BaseAddress), _http).SynthesizeAsync(Greeting, cancelled.Token));
    }

    [Theory]
    [InlineData("proxy/azure")]
    [InlineData("proxy/azure/")]
    public async Task SynthesizeAsync_EndpointWithPath_PostsUnderThatPath(string path)
    {
        await using var stub = await AzureStubServer.StartAsync(AzureStubServer.Wav(AnswerWav), Token);

        await new AzureSynthesizer(Options(new Uri(stub.BaseAddress, path)), _http).SynthesizeAsync(Greeting, Token);

        Assert.Equal("/proxy/azure/cognitiveservices/v1", Assert.Single(stub.Requests).Path);
    }

    [Fact]
    public void ToSsml_WordsAndPauses_IsTheDocumentAzureExpects()
    {
        var synthesizer = new AzureSynthesizer(Options(new Uri("https://southeastasia.tts.speech.microsoft.com")), _http);

        var ssml = synthesizer.ToSsml(Greeting);

        Assert.Equal(
            "<speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" xml:lang=\"vi-VN\">"
            + "<voice name=\"vi-VN-HoaiMyNeural\">xin chào <break time=\"250ms\"/>loa thanh toán <break time=\"250ms\"/></voice></speak>",
            ssml);
    }

    private static AzureSpeechOptions Options(Uri endpoint, string key = "test-key", string voice = "vi-VN-HoaiMyNeural") =>
        new() { Key = key, Endpoint = endpoint, Voice = voice };
}
