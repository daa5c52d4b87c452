using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.Tests.Support;

namespace SoundBoxSim.Device.Tests;

public sealed class SpeakerDeviceNetworkTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task AnnouncementsSentWhileOffline_PlayAfterReconnect_AndTheDeviceSaysTheNetworkIsBack(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);
        await rig.PairAsync(device);

        device.SetSignal(0);
        await rig.WaitUntilAsync(() => !device.IsOnline, "offline");
        var first = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "Q-1", 120_000, null), Token);
        var second = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "Q-2", 240_000, null), Token);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Offline, "offline and quiet");
        Assert.DoesNotContain(device.Announcements(), a => a.RequestId is "Q-1" or "Q-2");

        device.SetSignal(3);
        await rig.AdvanceUntilAsync(
            () => rig.Cloud.Acks(device.Serial).Count(a => (a.Id == first || a.Id == second) && a.Status == DeviceAckStatus.Played) == 2,
            "both played after reconnect", step: TimeSpan.FromSeconds(1));

        Assert.Contains(device.Announcements(), a => a.Phrase == "network_lost");
        Assert.Contains(device.Announcements(), a => a.Phrase == "network_restored");
        Assert.Equal(["Q-1", "Q-2"], device.Announcements().Where(a => a.Kind == AnnouncementKind.Amount).Select(a => a.RequestId));
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task InjectedLatency_DelaysTheCommandByThatMuchVirtualTime(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);
        await rig.PairAsync(device);
        await rig.AdvanceUntilAsync(() => device.Snapshot().QueuedAnnouncements == 0, "quiet");
        device.SetLinkImpairment(TimeSpan.FromSeconds(2), 0);

        var sentAt = rig.Time.GetUtcNow();
        var id = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "L-1", 10_000, null), Token);
        await rig.AdvanceUntilAsync(() => device.Announcements().Any(a => a.RequestId == "L-1"), "queued", step: TimeSpan.FromMilliseconds(250));

        var queuedAt = device.Announcements().Single(a => a.RequestId == "L-1").QueuedAt;
        Assert.InRange(queuedAt - sentAt, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));
        await rig.AdvanceUntilAsync(() => rig.Cloud.Acks(device.Serial).Any(a => a.Id == id && a.Status == DeviceAckStatus.Played), "played");
    }
}
