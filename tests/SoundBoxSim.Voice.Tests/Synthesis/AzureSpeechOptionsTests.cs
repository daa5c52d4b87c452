using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Voice.Tests.Synthesis;

public sealed class AzureSpeechOptionsTests
{
    [Theory]
    [InlineData(null, "southeastasia", null)]
    [InlineData("", "southeastasia", null)]
    [InlineData("   ", "southeastasia", null)]
    [InlineData("key", null, null)]
    [InlineData("key", "", " ")]
    [InlineData(null, null, null)]
    [InlineData(null, null, "https://example.test")]
    public void FromEnvironment_KeyOrRegionMissing_ThrowsNamingTheVariables(string? key, string? region, string? endpoint)
    {
        var lookup = Variables(key: key, region: region, endpoint: endpoint);

        var exception = Assert.Throws<SpeechSynthesisException>(() => AzureSpeechOptions.FromEnvironment(lookup));

        Assert.Contains("SBSIM_AZURE_SPEECH_KEY", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SBSIM_AZURE_SPEECH_REGION", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SBSIM_AZURE_SPEECH_ENDPOINT", exception.Message, StringComparison.Ordinal);
        Assert.Contains("--voice clips", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_KeyAndRegion_BuildsTheRegionalTtsEndpoint()
    {
        var options = AzureSpeechOptions.FromEnvironment(Variables(key: "secret", region: "southeastasia"));

        Assert.Equal("secret", options.Key);
        Assert.Equal(new Uri("https://southeastasia.tts.speech.microsoft.com"), options.Endpoint);
        Assert.Equal("https://southeastasia.tts.speech.microsoft.com/", options.Endpoint.AbsoluteUri);
        Assert.Equal("vi-VN-HoaiMyNeural", options.Voice);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [Fact]
    public void FromEnvironment_EndpointAndRegion_EndpointWins()
    {
        var options = AzureSpeechOptions.FromEnvironment(
            Variables(key: "secret", region: "westeurope", endpoint: "http://127.0.0.1:5055/speech"));

        Assert.Equal(new Uri("http://127.0.0.1:5055/speech"), options.Endpoint);
    }

    [Fact]
    public void FromEnvironment_EndpointWithoutRegion_IsEnough() =>
        Assert.Equal(new Uri("https://my-speech.cognitiveservices.azure.com/"),
            AzureSpeechOptions.FromEnvironment(Variables(key: "k", endpoint: "https://my-speech.cognitiveservices.azure.com/")).Endpoint);

    [Theory]
    [InlineData("vi-VN-NamMinhNeural", "vi-VN-NamMinhNeural")]
    [InlineData("", "vi-VN-HoaiMyNeural")]
    [InlineData(null, "vi-VN-HoaiMyNeural")]
    public void FromEnvironment_VoiceVariable_PicksTheVoice(string? voice, string expected) =>
        Assert.Equal(expected, AzureSpeechOptions.FromEnvironment(Variables(key: "k", region: "eastasia", voice: voice)).Voice);

    [Fact]
    public void FromEnvironment_EndpointThatIsNotAUrl_ThrowsNamingIt()
    {
        var exception = Assert.Throws<SpeechSynthesisException>(() =>
            AzureSpeechOptions.FromEnvironment(Variables(key: "k", endpoint: "not a url")));

        Assert.Contains("'not a url'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SBSIM_AZURE_SPEECH_ENDPOINT", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_OnlyReadsItsOwnVariables()
    {
        var asked = new List<string>();

        AzureSpeechOptions.FromEnvironment(name =>
        {
            asked.Add(name);
            return Variables(key: "k", region: "eastasia")(name);
        });

        Assert.All(asked, name => Assert.StartsWith("SBSIM_AZURE_SPEECH_", name, StringComparison.Ordinal));
        Assert.Contains(AzureSpeechOptions.KeyVariable, asked);
    }

    private static Func<string, string?> Variables(string? key = null, string? region = null, string? endpoint = null, string? voice = null)
    {
        var values = new Dictionary<string, string?>
        {
            [AzureSpeechOptions.KeyVariable] = key,
            [AzureSpeechOptions.RegionVariable] = region,
            [AzureSpeechOptions.EndpointVariable] = endpoint,
            [AzureSpeechOptions.VoiceVariable] = voice,
        };
        return name => values.GetValueOrDefault(name);
    }
}
