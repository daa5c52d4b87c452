using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.Tests.Support;

namespace SoundBoxSim.Device.Tests;

public sealed class SpeakerDeviceLifecycleTests
{
    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task PowerOn_BootsSaysItIsOnAndGoesOnlineWithARetainedStatus(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();

        await rig.BootAsync(device);

        var status = rig.Cloud.Status(device.Serial)!;
        Assert.True(status.Online);
        Assert.Equal("S5 Plus", status.Model);
        Assert.Contains(device.Announcements(), a => a.Kind == AnnouncementKind.System && a.Phrase == "powered_on");
        var states = device.Announcements().Count; // history exists from boot on
        Assert.True(states > 0);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task PowerCutAt30Percent_RunsDownToShutdownAtTheExpectedVirtualTime(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice(o => o with { BatteryPercent = 30 });
        await rig.BootAsync(device);
        await rig.PairAsync(device);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Ready && device.Snapshot().QueuedAnnouncements == 0, "quiet");

        device.SetMains(false);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Ready && device.Snapshot().QueuedAnnouncements == 0, "on-battery phrase said");
        var cutAt = rig.Time.GetUtcNow();
        var options = new SoundBoxSim.Device.Power.PowerOptions();
        var percent = device.Battery.Percent;
        var expected = TimeSpan.FromHours(options.CapacityMilliampHours * percent / 100 / options.IdleMilliamps);

        // Idle on 4G (the low-battery warning adds a few seconds of speech, minutes at most are allowed for it).
        rig.Time.Advance(expected - TimeSpan.FromMinutes(5));
        Assert.NotEqual(DeviceState.Off, device.State);
        rig.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(DeviceState.Off, device.State);
        Assert.Equal(0, device.Battery.Percent, 3);
        Assert.InRange(rig.Time.GetUtcNow() - cutAt, expected - TimeSpan.FromMinutes(5), expected + TimeSpan.FromMinutes(5));
        Assert.Contains(device.Announcements(), a => a.Phrase == "low_battery");
        await rig.WaitUntilAsync(() => rig.Cloud.Status(device.Serial)?.Online == false, "the Will (offline status)");
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task DeadDevice_BootsWhenMainsReturns_AndKeepsItsPairing(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice(o => o with { BatteryPercent = 1 });
        await rig.BootAsync(device);
        await rig.PairAsync(device, "partner-b");
        device.SetMains(false);
        device.SetBatteryPercent(0);
        Assert.Equal(DeviceState.Off, device.State);

        device.SetMains(true);
        Assert.Equal(DeviceState.Booting, device.State);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Ready && device.IsOnline, "ready again");

        Assert.Equal("partner-b", device.Snapshot().Partner);
        Assert.True(device.Battery.Charging);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task HoldPower_SaysGoodbyeAndLeavesCleanly_PublishingOfflineStatus(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);

        device.HoldPower();
        Assert.Equal(DeviceState.ShuttingDown, device.State);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Off, "off");

        Assert.Contains(device.Announcements(), a => a.Phrase == "shutting_down");
        await rig.WaitUntilAsync(() => rig.Cloud.Status(device.Serial) is { Online: false }, "offline status");
        Assert.Contains(rig.Cloud.Events<ButtonEvent>(device.Serial), b => b is { Button: "power", Action: "hold" });
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task VolumeButtons_ChangeVolume_ReportedInTelemetry_AndKeptAcrossAReboot(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice(o => o with { DefaultVolume = 3 });
        await rig.BootAsync(device);

        device.PressVolumeUp();
        device.PressVolumeUp();
        device.PressVolumeUp(); // clamped at 5

        Assert.Equal(5, device.Snapshot().Volume);
        await rig.WaitUntilAsync(() => rig.Cloud.Telemetry(device.Serial).Any(t => t.Volume == 5), "telemetry with volume 5");
        Assert.Equal(2, device.Announcements().Count(a => a.Phrase == "volume"));
        device.HoldPower();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Off, "off");
        device.PressPower();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Online, "online again");
        Assert.Equal(5, device.Snapshot().Volume);
    }
}
