using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.SpeakerApiRig;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>POST /speaker/pair/check (contract 1.4, 8.1): the device's real online and paired state; 404 unknown, 403 another partner's.</summary>
public sealed class PairCheckTests
{
    [Fact]
    public async Task UnpairedOnlineDevice_AnswersTheDocumentedFields()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();

        var data = Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 }));

        // Contract 1.4: exactly hardwareId, model, isPaired, online.
        Assert.Equal("""{"hardwareId":"VNS52508000001","model":"S5 Plus","isPaired":false,"online":true}""", data.GetRawText());
    }

    [Fact]
    public async Task DeviceThatLostItsSignal_IsOffline_AndOnlineAgainWhenItReturns()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();

        await rig.TakeOfflineAsync(Serial1);
        var offline = Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 }));
        var other = Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial2 }));
        rig.Device(Serial1).SetSignal(4);
        await rig.AdvanceUntilAsync(() => rig.Cloud.Devices.Find(Serial1)?.Online == true, "back online", TimeSpan.FromSeconds(1));
        var back = Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 }));

        Assert.False(offline.GetProperty("online").GetBoolean());
        Assert.True(other.GetProperty("online").GetBoolean());
        Assert.True(back.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task SwitchedOffDevice_IsOffline()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();

        rig.Device(Serial2).SetMains(false);
        rig.Device(Serial2).SetBatteryPercent(0); // the battery dies: the broker publishes its Will
        await rig.WaitUntilAsync(() => rig.Cloud.Devices.Find(Serial2)?.Online == false, "dead device offline");

        Assert.False(Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial2 })).GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task PairedDevice_IsPaired_ForItsPartner()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();
        await rig.PairAsync(partner, Serial1);

        var data = Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial1 }));
        var unpaired = Envelope.AssertOk(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial2 }));

        Assert.True(data.GetProperty("isPaired").GetBoolean());
        Assert.False(unpaired.GetProperty("isPaired").GetBoolean());
    }

    [Fact]
    public async Task AnotherPartnersDevice_Answers403_WithoutNamingThatPartner()
    {
        await using var rig = await StartAsync();
        var a = await rig.PartnerWithTokenAsync(PartnerA);
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        await rig.PairAsync(a, Serial1);

        var response = await b.PostAsync(Endpoints.Check, new { hardwareId = Serial1 });

        Envelope.AssertError(response, 403);
        Assert.DoesNotContain(PartnerA, response.Text, StringComparison.Ordinal); // one partner never sees another's pairings
    }

    [Fact]
    public async Task UnknownSerial_Answers404()
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();

        Envelope.AssertError(await partner.PostAsync(Endpoints.Check, new { hardwareId = UnknownSerial }), 404);
        Envelope.AssertError(await partner.PostAsync(Endpoints.Check, new { hardwareId = Serial2 }), 404); // a serial of a device that does not exist
    }
}
