using SoundBoxSim.Device.Protocol;
using SoundBoxSim.SpeakerApi.Cloud;
using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.SpeakerApiRig;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>
/// POST /speaker/transactions/notify (contract 1.7, 8.1): the paired device says the amount. 409 unpaired; 403 another
/// partner's; 404 unknown; a requestId again with the same content answers as the first time and the device does not
/// speak twice, with other content 409.
/// </summary>
public sealed class NotifyTests
{
    private static async Task<(SpeakerApiRig Rig, ApiClient Partner)> PairedAsync(int devices = 2)
    {
        var rig = await StartAsync(devices: devices);
        var partner = await rig.PartnerWithTokenAsync();
        await rig.PairAsync(partner, Serial1);
        return (rig, partner);
    }

    private static Task SettledAsync(SpeakerApiRig rig, string partner, string requestId) =>
        rig.AdvanceUntilAsync(() => rig.Cloud.CheckNotify(partner, requestId).Status != NotificationStatus.Pending, $"{requestId} settled");

    private static int Spoken(SpeakerApiRig rig, string serial, string requestId) =>
        rig.Device(serial).Announcements().Count(a => a.Kind == AnnouncementKind.Amount && a.RequestId == requestId && a.StartedAt is not null);

    [Fact]
    public async Task PairedOnlineDevice_AnswersSent_AndSaysTheAmount()
    {
        var (rig, partner) = await PairedAsync();
        await using var _ = rig;

        var response = await partner.NotifyAsync(Serial1, 150000, "TXN202510130001");
        await SettledAsync(rig, PartnerA, "TXN202510130001");

        var body = Envelope.AssertEnvelope(response, 200);
        Assert.Equal("Đã gửi thông báo thành công", body.GetProperty("message").GetString());
        Assert.Equal("""{"hardwareId":"VNS52508000001","requestId":"TXN202510130001","status":"SENT"}""", body.GetProperty("data").GetRawText());
        var said = Assert.Single(rig.Device(Serial1).Announcements(), a => a.Kind == AnnouncementKind.Amount);
        Assert.Equal(150000, said.Amount);
        Assert.Equal("TXN202510130001", said.RequestId);
        Assert.EndsWith("một trăm năm mươi nghìn đồng.", said.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(999_999_999_999_999)]
    public async Task TheSmallestAndLargestAmounts_AreSaid(long amount)
    {
        var (rig, partner) = await PairedAsync(devices: 1);
        await using var _ = rig;

        Envelope.AssertOk(await partner.NotifyAsync(Serial1, amount, "EDGE-1"));
        await SettledAsync(rig, PartnerA, "EDGE-1");

        Assert.Equal(amount, Assert.Single(rig.Device(Serial1).Announcements(), a => a.Kind == AnnouncementKind.Amount).Amount);
        Assert.Equal("SUCCESS", Envelope.AssertOk(await partner.CheckNotifyAsync("EDGE-1")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task UnpairedDevice_Answers409_AndNothingIsSent()
    {
        await using var rig = await StartAsync();
        var partner = await rig.PartnerWithTokenAsync();

        Envelope.AssertError(await partner.NotifyAsync(Serial1, 150000, "UNPAIRED-1"), 409);

        Assert.Empty(rig.CommandsTo<AnnounceCommand>(Serial1));
        Envelope.AssertError(await partner.CheckNotifyAsync("UNPAIRED-1"), 404); // a refused notify leaves no notification behind
    }

    [Fact]
    public async Task AnotherPartnersDevice_Answers403_AndNothingIsSent()
    {
        var (rig, a) = await PairedAsync();
        await using var _ = rig;
        var b = await rig.PartnerWithTokenAsync(PartnerB);

        var response = await b.NotifyAsync(Serial1, 150000, "B-1");

        Envelope.AssertError(response, 403);
        Assert.DoesNotContain(PartnerA, response.Text, StringComparison.Ordinal);
        Assert.Empty(rig.CommandsTo<AnnounceCommand>(Serial1));
    }

    [Fact]
    public async Task UnknownSerial_Answers404()
    {
        var (rig, partner) = await PairedAsync(devices: 1);
        await using var _ = rig;

        Envelope.AssertError(await partner.NotifyAsync(UnknownSerial, 150000, "UNKNOWN-1"), 404);
        Assert.Empty(rig.CommandsTo<AnnounceCommand>(UnknownSerial));
    }

    [Fact]
    public async Task TheSameRequestAgain_AnswersTheSame_AndTheDeviceSpeaksOnce()
    {
        var (rig, partner) = await PairedAsync(devices: 1);
        await using var _ = rig;

        var first = await partner.NotifyAsync(Serial1, 50000, "DUP-1");
        var again = await partner.NotifyAsync(Serial1, 50000, "DUP-1");
        await SettledAsync(rig, PartnerA, "DUP-1");
        var afterSuccess = await partner.NotifyAsync(Serial1, 50000, "DUP-1");
        await rig.AdvanceUntilAsync(() => true, "nothing");

        Envelope.AssertOk(first);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Text, afterSuccess.Text);
        // One command on the wire (pushes of it again would carry the same id), one announcement.
        Assert.Single(rig.CommandsTo<AnnounceCommand>(Serial1).Where(c => c.RequestId == "DUP-1").Select(c => c.Id).Distinct());
        Assert.Equal(1, Spoken(rig, Serial1, "DUP-1"));
        Assert.Equal("SUCCESS", Envelope.AssertOk(await partner.CheckNotifyAsync("DUP-1")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheSameRequestIdWithOtherContent_Answers409_AndTheFirstStands()
    {
        var (rig, partner) = await PairedAsync();
        await using var _ = rig;
        await rig.PairAsync(partner, Serial2);
        Envelope.AssertOk(await partner.NotifyAsync(Serial1, 50000, "DUP-2"));

        var otherAmount = await partner.NotifyAsync(Serial1, 60000, "DUP-2");
        var otherDevice = await partner.NotifyAsync(Serial2, 50000, "DUP-2");
        var unknownDevice = await partner.NotifyAsync(UnknownSerial, 50000, "DUP-2");
        await SettledAsync(rig, PartnerA, "DUP-2");

        Envelope.AssertError(otherAmount, 409);
        Envelope.AssertError(otherDevice, 409);
        Envelope.AssertError(unknownDevice, 409);
        var data = Envelope.AssertOk(await partner.CheckNotifyAsync("DUP-2"));
        Assert.Equal("50000", data.GetProperty("amount").GetString());
        Assert.Equal(Serial1, data.GetProperty("hardwareId").GetString());
        Assert.Empty(rig.CommandsTo<AnnounceCommand>(Serial2));
        Assert.Equal(1, Spoken(rig, Serial1, "DUP-2"));
    }

    [Fact]
    public async Task ARequestIdOfAnotherPartner_IsFreeForThisOne()
    {
        // Partners never see each other's notifications (8.1): B's "X" is not A's "X", and B learns nothing of it.
        var (rig, a) = await PairedAsync();
        await using var _ = rig;
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        await rig.PairAsync(b, Serial2);
        Envelope.AssertOk(await a.NotifyAsync(Serial1, 10000, "SHARED-1"));

        var response = await b.NotifyAsync(Serial2, 20000, "SHARED-1");
        await SettledAsync(rig, PartnerA, "SHARED-1");
        await SettledAsync(rig, PartnerB, "SHARED-1");

        Envelope.AssertOk(response);
        Assert.Equal("10000", Envelope.AssertOk(await a.CheckNotifyAsync("SHARED-1")).GetProperty("amount").GetString());
        Assert.Equal("20000", Envelope.AssertOk(await b.CheckNotifyAsync("SHARED-1")).GetProperty("amount").GetString());
        Assert.Equal(1, Spoken(rig, Serial1, "SHARED-1"));
        Assert.Equal(1, Spoken(rig, Serial2, "SHARED-1"));
    }

    [Fact]
    public async Task PairedDeviceOffline_AnswersSent_AndIsPending()
    {
        var (rig, partner) = await PairedAsync(devices: 1);
        await using var _ = rig;
        await rig.TakeOfflineAsync(Serial1);

        var response = await partner.NotifyAsync(Serial1, 20000, "OFF-1");

        Assert.Equal("SENT", Envelope.AssertOk(response).GetProperty("status").GetString());
        Assert.Equal("PENDING", Envelope.AssertOk(await partner.CheckNotifyAsync("OFF-1")).GetProperty("status").GetString());
        Assert.Equal(0, Spoken(rig, Serial1, "OFF-1"));
    }

    [Fact]
    public async Task AnotherPartnersToken_CannotNotifyThroughItsOwnRequestId()
    {
        // The duplicate check must not let B reach A's device: B's first use of a requestId on A's device is 403.
        var (rig, a) = await PairedAsync(devices: 1);
        await using var _ = rig;
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        Envelope.AssertOk(await a.NotifyAsync(Serial1, 10000, "A-1"));

        Envelope.AssertError(await b.NotifyAsync(Serial1, 10000, "A-1"), 403);
        Envelope.AssertError(await b.NotifyAsync(Serial1, 10000, "A-1"), 403);
    }
}
