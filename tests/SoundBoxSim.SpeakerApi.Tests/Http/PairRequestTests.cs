using SoundBoxSim.Device;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.SpeakerApiRig;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>POST /speaker/pair/request (contract 1.5, 8.1): the device speaks a 4-digit OTP; 409 offline or already paired, 403 another partner's, 404 unknown.</summary>
public sealed class PairRequestTests
{
    [Fact]
    public async Task OnlineDevice_GetsASession_AndSpeaksA4DigitOtp()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();

        var data = Envelope.AssertOk(await partner.PostAsync(Endpoints.Request, new { hardwareId = Serial1 }));
        var session = data.GetProperty("session_id").GetString()!;
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        Assert.Equal(Serial1, data.GetProperty("hardwareId").GetString());
        Assert.Equal("S5 Plus", data.GetProperty("model").GetString());
        Assert.False(data.GetProperty("isPaired").GetBoolean());
        Assert.True(data.GetProperty("online").GetBoolean());
        Assert.True(Guid.TryParse(session, out _), session); // UUID-like, as documented
        Assert.Matches("^[0-9]{4}$", otp);
    }

    [Fact]
    public async Task OfflineDevice_Answers409_SayingItIsOffline_AndNothingIsSent()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        await rig.TakeOfflineAsync(Serial1);

        var response = await partner.PostAsync(Endpoints.Request, new { hardwareId = Serial1 });

        var message = Envelope.AssertError(response, 409);
        Assert.Contains("ngoại tuyến", message, StringComparison.Ordinal); // "offline"
        Assert.Contains("offline", Envelope.Detail(response), StringComparison.Ordinal);
        Assert.Empty(rig.CommandsTo<OtpCommand>(Serial1));
    }

    [Fact]
    public async Task AlreadyPairedDevice_Answers409_AndSpeaksNoNewOtp()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        await rig.PairAsync(partner, Serial1);

        var response = await partner.PostAsync(Endpoints.Request, new { hardwareId = Serial1 });

        Envelope.AssertError(response, 409);
        Assert.Single(rig.CommandsTo<OtpCommand>(Serial1));
    }

    [Fact]
    public async Task AnotherPartnersDevice_Answers403_AndSpeaksNoOtp()
    {
        await using var rig = await StartAsync();
        var a = await rig.PartnerWithTokenAsync(PartnerA);
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        await rig.PairAsync(a, Serial1);

        var response = await b.PostAsync(Endpoints.Request, new { hardwareId = Serial1 });

        Envelope.AssertError(response, 403);
        Assert.Single(rig.CommandsTo<OtpCommand>(Serial1));
        Assert.Equal(PartnerA, rig.Device(Serial1).Snapshot().Partner);
    }

    [Fact]
    public async Task UnknownSerial_Answers404()
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();

        Envelope.AssertError(await partner.PostAsync(Endpoints.Request, new { hardwareId = UnknownSerial }), 404);
        Assert.Empty(rig.Commands);
    }

    [Fact]
    public async Task ARequestAgain_GivesANewSession_AndTheOldOneNoLongerPairs()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var first = await partner.RequestPairingAsync(Serial1);
        var firstOtp = await rig.SpokenOtpAsync(Serial1, first);

        var second = await partner.RequestPairingAsync(Serial1);
        var secondOtp = await rig.SpokenOtpAsync(Serial1, second);

        Assert.NotEqual(first, second);
        var verified = await partner.PostAsync(Endpoints.Verify, new { hardwareId = Serial1, session_id = second, otp = secondOtp });
        Assert.True(Envelope.AssertOk(verified).GetProperty("isPaired").GetBoolean());
        // The first session can no longer pair anything: the device is paired (409), or the session is gone (400).
        var stale = await partner.PostAsync(Endpoints.Verify, new { hardwareId = Serial1, session_id = first, otp = firstOtp });
        Assert.True(stale.Status is 400 or 409, stale.ToString());
        Envelope.AssertError(stale, stale.Status);
    }

    [Fact]
    public async Task StrictPairingMode_Answers409_UntilThePairingButtonIsHeld()
    {
        await using var rig = await StartAsync(o => o with { StrictPairingMode = true });
        var partner = await rig.PartnerWithTokenAsync();

        var refused = await partner.PostAsync(Endpoints.Request, new { hardwareId = Serial1 });
        rig.Device(Serial1).HoldPairing();
        // The device says "pairing mode" first (state Announcing), then waits in PairingMode.
        await rig.AdvanceUntilAsync(() => rig.Cloud.Devices.Find(Serial1)?.State == nameof(DeviceState.PairingMode), "pairing mode seen by the cloud");
        var accepted = await partner.PostAsync(Endpoints.Request, new { hardwareId = Serial1 });

        Envelope.AssertError(refused, 409);
        var session = Envelope.AssertOk(accepted).GetProperty("session_id").GetString()!;
        Assert.Matches("^[0-9]{4}$", await rig.SpokenOtpAsync(Serial1, session));
    }
}
