using System.Globalization;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.SpeakerApiRig;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>
/// POST /speaker/pair/verify (contract 1.6, 8.1): the OTP the device spoke pairs it. Wrong OTP 400 with the attempts
/// left, 5 wrong end the session; a session older than 120 s, unknown, or not this partner's and device's is 400;
/// another partner's device 403; unknown device 404.
/// </summary>
public sealed class PairVerifyTests
{
    private static string Wrong(string otp) => ((int.Parse(otp, CultureInfo.InvariantCulture) + 1) % 10_000).ToString("D4", CultureInfo.InvariantCulture);

    private static Task<ApiResponse> VerifyAsync(ApiClient partner, string serial, string session, string otp) =>
        partner.PostAsync(Endpoints.Verify, new { hardwareId = serial, session_id = session, otp });

    [Fact]
    public async Task TheSpokenOtp_PairsTheDevice_WithTheDocumentedAnswer()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);
        var now = rig.Time.GetUtcNow();

        var response = await VerifyAsync(partner, Serial1, session, otp);

        var body = Envelope.AssertEnvelope(response, 200);
        Assert.Equal("Liên kết thành công", body.GetProperty("message").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(Serial1, data.GetProperty("hardwareId").GetString());
        Assert.Equal("S5 Plus", data.GetProperty("model").GetString());
        Assert.True(data.GetProperty("isPaired").GetBoolean());
        // "YYYY-MM-DD HH:MM:SS" in Vietnam time (contract 1.6; SpeakerApiOptions.LocalOffset +7).
        Assert.Equal(now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), data.GetProperty("pairedTime").GetString());
        await rig.WaitUntilAsync(() => rig.Device(Serial1).Snapshot().Partner == PartnerA, "the device paired to pos-a");
        Assert.True(Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 })).GetProperty("isPaired").GetBoolean());
    }

    [Fact]
    public async Task WrongOtp_Answers400_WithTheAttemptsLeft_AndFourWrongStillLeaveTheSessionOpen()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        for (var left = 4; left >= 1; left--)
        {
            var message = Envelope.AssertError(await VerifyAsync(partner, Serial1, session, Wrong(otp)), 400);
            Assert.Contains(left.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        }

        Assert.True(Envelope.AssertOk(await VerifyAsync(partner, Serial1, session, otp)).GetProperty("isPaired").GetBoolean());
    }

    [Fact]
    public async Task FiveWrongOtps_EndTheSession_TheRightOneThenFails()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        for (var i = 0; i < 5; i++)
        {
            Envelope.AssertError(await VerifyAsync(partner, Serial1, session, Wrong(otp)), 400);
        }

        Envelope.AssertError(await VerifyAsync(partner, Serial1, session, otp), 400);
        Assert.False(Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 })).GetProperty("isPaired").GetBoolean());
        Assert.Empty(rig.CommandsTo<PairCommand>(Serial1));

        // A new request starts over.
        var again = await partner.RequestPairingAsync(Serial1);
        Envelope.AssertOk(await VerifyAsync(partner, Serial1, again, await rig.SpokenOtpAsync(Serial1, again)));
    }

    [Fact]
    public async Task SessionOlderThan120Seconds_Answers400_EvenWithTheRightOtp()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);
        var requested = rig.Time.GetUtcNow(); // the session began a little earlier still, when pair/request answered

        rig.Time.SetUtcNow(requested + TimeSpan.FromSeconds(120));
        var response = await VerifyAsync(partner, Serial1, session, otp);

        Envelope.AssertError(response, 400);
        Assert.Empty(rig.CommandsTo<PairCommand>(Serial1));
        Assert.False(Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 })).GetProperty("isPaired").GetBoolean());
    }

    [Fact]
    public async Task SessionJustUnder120Seconds_StillPairs()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var before = rig.Time.GetUtcNow(); // the clock does not move between here and the answer
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);
        Assert.True(rig.Time.GetUtcNow() - before < TimeSpan.FromSeconds(119), "the OTP took too long to say for this test");

        rig.Time.SetUtcNow(before + TimeSpan.FromSeconds(119));

        Envelope.AssertOk(await VerifyAsync(partner, Serial1, session, otp));
    }

    [Fact]
    public async Task UnknownSession_Answers400()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        Envelope.AssertError(await VerifyAsync(partner, Serial1, Guid.NewGuid().ToString(), otp), 400);
        Envelope.AssertError(await VerifyAsync(partner, Serial1, session.ToUpperInvariant() == session ? session.ToLowerInvariant() : session.ToUpperInvariant(), otp), 400);
        Envelope.AssertError(await VerifyAsync(partner, Serial1, "not-a-session", otp), 400);
        Assert.Empty(rig.CommandsTo<PairCommand>(Serial1));
    }

    [Fact]
    public async Task ASessionOfAnotherDevice_Answers400_AndPairsNeither()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        Envelope.AssertError(await VerifyAsync(partner, Serial2, session, otp), 400);

        Assert.Empty(rig.CommandsTo<PairCommand>(Serial1));
        Assert.Empty(rig.CommandsTo<PairCommand>(Serial2));
    }

    [Fact]
    public async Task ASessionOfAnotherPartner_Answers400_AndDoesNotPair()
    {
        await using var rig = await StartAsync();
        var a = await rig.PartnerWithTokenAsync(PartnerA);
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        var session = await b.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        Envelope.AssertError(await VerifyAsync(a, Serial1, session, otp), 400);

        Assert.Empty(rig.CommandsTo<PairCommand>(Serial1));
        Envelope.AssertOk(await VerifyAsync(b, Serial1, session, otp)); // still B's to use
    }

    [Fact]
    public async Task ADevicePairedToAnotherPartnerMeanwhile_Answers403()
    {
        await using var rig = await StartAsync();
        var a = await rig.PartnerWithTokenAsync(PartnerA);
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        var sessionB = await b.RequestPairingAsync(Serial1);
        var otpB = await rig.SpokenOtpAsync(Serial1, sessionB);
        await rig.PairAsync(a, Serial1);

        var response = await VerifyAsync(b, Serial1, sessionB, otpB);

        // Contract 8.1: a device paired to a different partner is 403, and B learns nothing of A.
        Envelope.AssertError(response, 403);
        Assert.DoesNotContain(PartnerA, response.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerA, rig.Cloud.PairingOf(Serial1)?.Partner);
    }

    [Fact]
    public async Task AnotherPartnersDevice_Answers403_WhateverTheSession()
    {
        await using var rig = await StartAsync();
        var a = await rig.PartnerWithTokenAsync(PartnerA);
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        await rig.PairAsync(a, Serial1);

        Envelope.AssertError(await VerifyAsync(b, Serial1, Guid.NewGuid().ToString(), "1234"), 403);
    }

    [Fact]
    public async Task TheSessionWorksOnce()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);
        Envelope.AssertOk(await VerifyAsync(partner, Serial1, session, otp));

        var again = await VerifyAsync(partner, Serial1, session, otp);

        // The session is used up (400), or the device already paired (409): not a second pairing.
        Assert.True(again.Status is 400 or 409, again.ToString());
        Envelope.AssertError(again, again.Status);
        Assert.Single(rig.CommandsTo<PairCommand>(Serial1));
    }

    [Fact]
    public async Task UnknownSerial_Answers404()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        var otp = await rig.SpokenOtpAsync(Serial1, session);

        Envelope.AssertError(await VerifyAsync(partner, UnknownSerial, session, otp), 404);
    }

    [Theory]
    [InlineData("\"123\"")]
    [InlineData("\"12345\"")]
    [InlineData("\"12a4\"")]
    [InlineData("\"12 4\"")]
    [InlineData("\"-123\"")]
    [InlineData("\"１２３４\"")]
    [InlineData("\"١٢٣٤\"")]
    [InlineData("1234")]
    [InlineData("[\"1234\"]")]
    public async Task OtpThatIsNotFourDigitsAsAString_Answers400_NamingOtp(string otp)
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();
        var session = await partner.RequestPairingAsync(Serial1);
        await rig.SpokenOtpAsync(Serial1, session);

        var response = await partner.PostAsync(Endpoints.Verify, $"{{\"hardwareId\":\"{Serial1}\",\"session_id\":\"{session}\",\"otp\":{otp}}}");

        Envelope.AssertFieldError(response, "otp");
    }
}
