using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SoundBoxSim.SpeakerApi.Tests.Support;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>POST /token/create (contract 1.3): HTTP Basic with client_id and client_secret, no body; 401 for anything else.</summary>
public sealed class TokenCreateTests
{
    private static readonly string ValidBasic = ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA);

    public static TheoryData<string, string?> BadCredentials => new()
    {
        { "no Authorization header", null },
        { "Basic without credentials", "Basic" },
        { "Basic, not base64", "Basic !!!not-base64!!!" },
        { "Basic, no colon", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(SpeakerApiRig.PartnerA + SpeakerApiRig.SecretA)) },
        { "wrong secret", "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, "wrong") },
        { "the secret's prefix", "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA[..^1]) },
        { "the secret plus a letter", "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA + "x") },
        { "empty secret", "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, "") },
        { "another partner's secret", "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretB) },
        { "unknown client id", "Basic " + ApiClient.Basic("pos-z", SpeakerApiRig.SecretA) },
        { "client id in another case", "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA.ToUpperInvariant(), SpeakerApiRig.SecretA) },
        { "empty user and password", "Basic " + ApiClient.Basic("", "") },
        { "credentials swapped", "Basic " + ApiClient.Basic(SpeakerApiRig.SecretA, SpeakerApiRig.PartnerA) },
        { "the credentials as a bearer token", "Bearer " + ValidBasic },
        { "the credentials without a scheme", ValidBasic },
        { "a made-up scheme", "Digest " + ValidBasic },
        { "base64 of invalid UTF-8", "Basic " + Convert.ToBase64String([0xff, 0xfe, 0x3a, 0xc3]) },
    };

    [Fact]
    public async Task ValidCredentials_Answer201_WithTheDocumentedFields()
    {
        await using var rig = await SpeakerApiRig.StartAsync();

        var response = await rig.SendAsync(ApiClient.TokenRequest(new AuthenticationHeaderValue("Basic", ValidBasic)));

        // Contract 1.3: code 201 "Resource created", data the em-dash string, a bearer token, ttl 6000.
        var body = Envelope.AssertEnvelope(response, 201);
        Assert.Equal("Resource created", body.GetProperty("message").GetString());
        Assert.Equal("—", body.GetProperty("data").GetString());
        Assert.Equal(6000, body.GetProperty("ttl").GetInt32());
        Assert.StartsWith("eyJ", body.GetProperty("access_token").GetString(), StringComparison.Ordinal); // JWT-looking, as SePay's
    }

    [Fact]
    public async Task EachCall_GivesANewToken_AndEveryOneWorks()
    {
        await using var rig = await SpeakerApiRig.StartAsync();
        var first = rig.Partner();
        var second = rig.Partner();

        await first.TokenAsync();
        await second.TokenAsync();

        Assert.NotEqual(first.Token, second.Token);
        Envelope.AssertOk(await first.PostAsync("speaker/pair/check", new { hardwareId = SpeakerApiRig.Serial1 }));
        Envelope.AssertOk(await second.PostAsync("speaker/pair/check", new { hardwareId = SpeakerApiRig.Serial1 }));
    }

    [Theory]
    [MemberData(nameof(BadCredentials))]
    public async Task BadCredentials_Answer401_InTheEnvelope(string why, string? authorization)
    {
        await using var rig = await SpeakerApiRig.StartAsync(devices: 1);
        var request = ApiClient.TokenRequest(null);
        if (authorization is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", authorization), why);
        }

        var response = await rig.SendAsync(request);

        Envelope.AssertError(response, 401);
        Assert.False(response.Json.TryGetProperty("access_token", out _), why);
    }

    [Fact]
    public async Task SchemeInAnotherCase_IsStillBasic()
    {
        // RFC 9110 11.1: the authentication scheme is case-insensitive.
        await using var rig = await SpeakerApiRig.StartAsync(devices: 1);
        var request = ApiClient.TokenRequest(null);
        request.Headers.TryAddWithoutValidation("Authorization", "basic " + ValidBasic);

        Envelope.AssertEnvelope(await rig.SendAsync(request), 201);
    }

    [Fact]
    public async Task ABody_IsNotNeeded_ButIsHarmless()
    {
        // Contract 1.3: no body is needed; a JSON one, or any other, changes nothing.
        await using var rig = await SpeakerApiRig.StartAsync(devices: 1);

        var json = await rig.SendAsync(ApiClient.TokenRequest(new AuthenticationHeaderValue("Basic", ValidBasic), new StringContent("{}", Encoding.UTF8, "application/json")));
        var text = await rig.SendAsync(ApiClient.TokenRequest(new AuthenticationHeaderValue("Basic", ValidBasic), new StringContent("hello", Encoding.UTF8, "text/plain")));

        Envelope.AssertEnvelope(json, 201);
        Envelope.AssertEnvelope(text, 201);
    }

    [Fact]
    public async Task AHugeBody_Answers413()
    {
        // SpeakerApiOptions.MaxBodyBytes (64 KiB) holds for every endpoint, token/create too.
        await using var rig = await SpeakerApiRig.StartAsync(devices: 1);
        var huge = new string(' ', 200 * 1024) + "{}";

        var declared = await rig.SendAsync(ApiClient.TokenRequest(new AuthenticationHeaderValue("Basic", ValidBasic), new StringContent(huge, Encoding.UTF8, "application/json")));
        var chunked = await rig.SendAsync(ApiClient.TokenRequest(new AuthenticationHeaderValue("Basic", ValidBasic), new ChunkedContent(Encoding.UTF8.GetBytes(huge))));

        Envelope.AssertError(declared, 413);
        Envelope.AssertError(chunked, 413);
    }

    [Fact]
    public async Task TheTokenDoesNotLeak_TheSecret()
    {
        await using var rig = await SpeakerApiRig.StartAsync(devices: 1);
        var token = await rig.Partner().TokenAsync();

        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight((payload.Length + 3) / 4 * 4, '=')));

        Assert.Equal(SpeakerApiRig.PartnerA, JsonDocument.Parse(json).RootElement.GetProperty("sub").GetString());
        Assert.DoesNotContain(SpeakerApiRig.SecretA, json, StringComparison.Ordinal);
    }
}
