using System.Text;
using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.Tests.Support;

namespace SoundBoxSim.Device.Tests;

public sealed class SpeakerDeviceAnnouncementTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(DeviceRig Rig, SpeakerDevice Device)> ReadyAsync(BrokerKind broker, Func<SpeakerDeviceOptions, SpeakerDeviceOptions>? configure = null)
    {
        var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice(configure);
        await rig.BootAsync(device);
        await rig.PairAsync(device);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Ready && device.Snapshot().QueuedAnnouncements == 0, "ready and quiet");
        return (rig, device);
    }

    private static bool Has(DeviceRig rig, SpeakerDevice device, string id, DeviceAckStatus status) =>
        rig.Cloud.Acks(device.Serial).Any(a => a.Id == id && a.Status == status);

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task Announce_SpeaksTheAmount_AcksReceivedStartedPlayed_WithTheAudioDuration(BrokerKind broker)
    {
        var (rig, device) = await ReadyAsync(broker);
        await using var _ = rig;

        var id = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-1", 150_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, id, DeviceAckStatus.Played), "played");

        var said = Assert.Single(device.Announcements(), a => a.Kind == AnnouncementKind.Amount);
        Assert.Equal(150_000, said.Amount);
        Assert.Equal("R-1", said.RequestId);
        Assert.Contains("một trăm năm mươi nghìn", said.Text, StringComparison.Ordinal);
        Assert.Equal(AnnouncementOutcome.Played, said.Outcome);
        var wav = await device.RenderWavAsync(said, Token);
        var audio = Voice.Audio.WaveFile.Parse(wav);
        Assert.Equal(audio.Duration, said.Duration);
        Assert.Equal(said.StartedAt + said.Duration, said.EndedAt);
        var played = rig.Cloud.Acks(device.Serial).Single(a => a.Id == id && a.Status == DeviceAckStatus.Played);
        Assert.Equal((int)said.Duration.TotalMilliseconds, played.DurationMs);
        Assert.Equal([DeviceAckStatus.Received, DeviceAckStatus.Started, DeviceAckStatus.Played],
            rig.Cloud.Acks(device.Serial).Where(a => a.Id == id).Select(a => a.Status));
        await rig.WaitUntilAsync(() => rig.Cloud.Events<AnnouncementEvent>(device.Serial).Any(e => e.RequestId == "R-1"), "announcement event");
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task ThreeAtOnce_PlayOneAtATimeInOrder(BrokerKind broker)
    {
        var (rig, device) = await ReadyAsync(broker);
        await using var _ = rig;

        var ids = new List<string>();
        foreach (var (request, amount) in new[] { ("A", 10_000L), ("B", 20_000L), ("C", 30_000L) })
        {
            ids.Add(await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, request, amount, null), Token));
        }

        await rig.AdvanceUntilAsync(() => ids.All(id => Has(rig, device, id, DeviceAckStatus.Played)), "all played");

        var amounts = device.Announcements().Where(a => a.Kind == AnnouncementKind.Amount).ToList();
        Assert.Equal([10_000L, 20_000L, 30_000L], amounts.Select(a => a.Amount!.Value));
        for (var i = 1; i < amounts.Count; i++)
        {
            Assert.True(amounts[i].StartedAt >= amounts[i - 1].EndedAt, $"announcement {i} started before the one before it ended");
        }
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task DuplicateRequestId_IsNotPlayedTwice_EvenAfterAReboot(BrokerKind broker)
    {
        var (rig, device) = await ReadyAsync(broker);
        await using var _ = rig;
        var first = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-9", 99_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, first, DeviceAckStatus.Played), "first played");
        device.HoldPower();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Off, "off");
        device.PressPower();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Ready && device.IsOnline, "ready again");

        var again = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-9", 99_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, again, DeviceAckStatus.Played), "duplicate acknowledged");

        Assert.Single(device.Announcements(), a => a.RequestId == "R-9" && a.Kind == AnnouncementKind.Amount);
        Assert.Contains("duplicate", rig.Cloud.Acks(device.Serial).Single(a => a.Id == again && a.Status == DeviceAckStatus.Played).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task StaleNotification_IsDroppedAndReported(BrokerKind broker)
    {
        var (rig, device) = await ReadyAsync(broker, o => o with { StaleAfter = TimeSpan.FromMinutes(2) });
        await using var _ = rig;
        var sentAt = rig.Time.GetUtcNow() - TimeSpan.FromMinutes(3);

        var id = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "OLD", 50_000, sentAt), Token);
        await rig.WaitUntilAsync(() => Has(rig, device, id, DeviceAckStatus.Failed), "failed ack");

        Assert.Contains("stale", rig.Cloud.Acks(device.Serial).Single(a => a.Id == id && a.Status == DeviceAckStatus.Failed).Reason, StringComparison.Ordinal);
        await rig.WaitUntilAsync(() => rig.Cloud.Events<StaleDroppedEvent>(device.Serial).Any(e => e.RequestId == "OLD"), "stale event");
        Assert.Equal(AnnouncementOutcome.DroppedStale, device.Announcements().Single(a => a.RequestId == "OLD").Outcome);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task ReplayButton_SaysTheLastAmountAgain_WithoutNewAcks(BrokerKind broker)
    {
        var (rig, device) = await ReadyAsync(broker);
        await using var _ = rig;
        var id = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-5", 75_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, id, DeviceAckStatus.Played), "played");
        var acks = rig.Cloud.Acks(device.Serial).Count;

        device.PressReplay();
        await rig.AdvanceUntilAsync(() => device.Announcements().Any(a => a is { Replay: true, Outcome: AnnouncementOutcome.Played }), "replayed");

        var replay = device.Announcements().Single(a => a.Replay);
        Assert.Equal(75_000, replay.Amount);
        Assert.Equal(acks, rig.Cloud.Acks(device.Serial).Count);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task BadCommands_AreAckedFailedWithAReason_AndTheDeviceCarriesOn(BrokerKind broker)
    {
        var (rig, device) = await ReadyAsync(broker);
        await using var _ = rig;

        await rig.Cloud.SendRawAsync(device.Serial, "{not json"u8.ToArray(), Token);
        await rig.Cloud.SendRawAsync(device.Serial, Encoding.UTF8.GetBytes("""{"type":"dance","id":"x1"}"""), Token);
        await rig.Cloud.SendRawAsync(device.Serial, Encoding.UTF8.GetBytes("""{"type":"announce","id":"x2","requestId":"R","amount":"150000"}"""), Token);
        var good = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-OK", 1_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, good, DeviceAckStatus.Played), "the good one played");

        var failed = rig.Cloud.Acks(device.Serial).Where(a => a.Status == DeviceAckStatus.Failed).ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, a => Assert.False(string.IsNullOrEmpty(a.Reason)));
        Assert.Contains(failed, a => a.Id == "x1");
        Assert.Contains(failed, a => a.Id == "x2" && a.Reason!.Contains("amount", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task AnnounceToAnUnpairedDevice_Fails(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);

        var id = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R", 5_000, null), Token);
        await rig.WaitUntilAsync(() => Has(rig, device, id, DeviceAckStatus.Failed), "failed");

        Assert.Contains("not paired", rig.Cloud.Acks(device.Serial).Single(a => a.Id == id && a.Status == DeviceAckStatus.Failed).Reason, StringComparison.Ordinal);
    }
}
