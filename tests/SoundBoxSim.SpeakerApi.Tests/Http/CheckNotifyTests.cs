using System.Globalization;
using System.Text.Json;
using SoundBoxSim.SpeakerApi.Cloud;
using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.SpeakerApiRig;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>
/// POST /speaker/transactions/check_notify (contract 1.8, 8.1): PENDING, SUCCESS or FAILED with the documented field
/// types (amount and retriesCount strings, lastRetryTime null until a retry); 404 for an unknown requestId or another
/// partner's.
/// </summary>
public sealed class CheckNotifyTests
{
    private static string Local(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Fact]
    public async Task AfterTheDeviceSaidIt_IsSuccess_WithTheDocumentedFieldsAndTypes()
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();
        await rig.PairAsync(partner, Serial1);
        var sentAt = rig.Time.GetUtcNow();
        Envelope.AssertOk(await partner.NotifyAsync(Serial1, 1000, "TXN202510130001"));
        await rig.AdvanceUntilAsync(() => rig.Cloud.CheckNotify(PartnerA, "TXN202510130001").Status != NotificationStatus.Pending, "settled");

        var data = Envelope.AssertOk(await partner.CheckNotifyAsync("TXN202510130001"));

        Assert.Equal(
            ["requestId", "hardwareId", "amount", "status", "message", "retriesCount", "lastRetryTime", "createdAt"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.Equal("TXN202510130001", data.GetProperty("requestId").GetString());
        Assert.Equal(Serial1, data.GetProperty("hardwareId").GetString());
        Assert.Equal("1000", data.GetProperty("amount").GetString());
        Assert.Equal("SUCCESS", data.GetProperty("status").GetString());
        Assert.Equal("Gửi thông báo thành công", data.GetProperty("message").GetString());
        Assert.Equal("0", data.GetProperty("retriesCount").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("lastRetryTime").ValueKind);
        Assert.Equal(Local(sentAt), data.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task DeviceOffline_IsPending_WithRetriesCountedAndTimed_ThenFailedAfterTheBudget()
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();
        await rig.PairAsync(partner, Serial1);
        await rig.TakeOfflineAsync(Serial1);
        Envelope.AssertOk(await partner.NotifyAsync(Serial1, 20000, "OFF-1"));
        var start = rig.Time.GetUtcNow();

        var pending = Envelope.AssertOk(await partner.CheckNotifyAsync("OFF-1"));
        rig.Time.SetUtcNow(start + TimeSpan.FromMinutes(2)); // the first retry (default: every 2 minutes)
        var retried = Envelope.AssertOk(await partner.CheckNotifyAsync("OFF-1"));
        for (var minutes = 4; minutes <= 12; minutes += 2)
        {
            rig.Time.SetUtcNow(start + TimeSpan.FromMinutes(minutes));
        }

        var failed = Envelope.AssertOk(await partner.CheckNotifyAsync("OFF-1"));

        Assert.Equal("PENDING", pending.GetProperty("status").GetString());
        Assert.Equal("0", pending.GetProperty("retriesCount").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("lastRetryTime").ValueKind);
        Assert.Equal("PENDING", retried.GetProperty("status").GetString());
        Assert.Equal("1", retried.GetProperty("retriesCount").GetString());
        Assert.Equal(Local(start + TimeSpan.FromMinutes(2)), retried.GetProperty("lastRetryTime").GetString());
        // Contract 8.1: FAILED after the retry budget, 5 retries over 10 minutes.
        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.Equal("5", failed.GetProperty("retriesCount").GetString());
        Assert.Equal(JsonValueKind.String, failed.GetProperty("amount").ValueKind);
    }

    [Fact]
    public async Task UnknownRequestId_Answers404()
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();

        Envelope.AssertError(await partner.CheckNotifyAsync("NEVER-SENT"), 404);
    }

    [Fact]
    public async Task AnotherPartnersRequestId_Answers404_AndShowsNothingOfIt()
    {
        await using var rig = await StartAsync(devices: 1);
        var a = await rig.PartnerWithTokenAsync(PartnerA);
        var b = await rig.PartnerWithTokenAsync(PartnerB);
        await rig.PairAsync(a, Serial1);
        Envelope.AssertOk(await a.NotifyAsync(Serial1, 1000, "A-SECRET-1"));

        var response = await b.CheckNotifyAsync("A-SECRET-1");

        Envelope.AssertError(response, 404);
        Assert.DoesNotContain(Serial1, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(PartnerA, response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a-secret-1")]
    [InlineData("A-SECRET-1 ")]
    [InlineData("A-SECRET-")]
    public async Task ARequestIdIsMatchedExactly(string requestId)
    {
        await using var rig = await StartAsync(devices: 1);
        var partner = await rig.PartnerWithTokenAsync();
        await rig.PairAsync(partner, Serial1);
        Envelope.AssertOk(await partner.NotifyAsync(Serial1, 1000, "A-SECRET-1"));

        Envelope.AssertError(await partner.CheckNotifyAsync(requestId), 404);
    }
}
