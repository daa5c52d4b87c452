using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.Tests.Support;

namespace SoundBoxSim.Device.Tests;

public sealed class SpeakerDevicePairingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task OtpCommand_EntersPairingMode_AndSpeaksTheDigits_ThenPairMakesItReady(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);

        var otpId = await rig.Cloud.SendAsync(device.Serial, id => new OtpCommand(id, "0427", "s-1"), Token);
        await rig.AdvanceUntilAsync(() => rig.Cloud.Acks(device.Serial).Any(a => a.Id == otpId && a.Status == DeviceAckStatus.Played), "OTP played");

        var spoken = Assert.Single(device.Announcements(), a => a.Kind == AnnouncementKind.Otp);
        Assert.Equal("0427", spoken.Otp);
        Assert.Contains("không bốn hai bảy", spoken.Text, StringComparison.Ordinal);
        Assert.Equal(DeviceState.PairingMode, device.State);
        Assert.Equal(
            [DeviceAckStatus.Received, DeviceAckStatus.Started, DeviceAckStatus.Played],
            rig.Cloud.Acks(device.Serial).Where(a => a.Id == otpId).Select(a => a.Status));

        await rig.PairAsync(device, "partner-a");
        Assert.Equal("partner-a", rig.Memory.Load(device.Serial)!.Partner);
        await rig.WaitUntilAsync(() => rig.Cloud.Telemetry(device.Serial).Any(t => t is { Paired: true, Partner: "partner-a" }), "paired telemetry");
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task RebootDuringPairingMode_ComesBackUnpairedAndNotInPairingMode(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);
        device.HoldPairing();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.PairingMode, "pairing mode");

        device.HoldPower();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Off, "off");
        device.PressPower();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Online && device.IsOnline, "online");

        Assert.Null(device.Snapshot().Partner);
        Assert.Contains(device.Announcements(), a => a.Phrase == "pairing_mode");
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task PairingMode_TimesOutBackToOnline(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice(o => o with { PairingTimeout = TimeSpan.FromSeconds(30) });
        await rig.BootAsync(device);
        device.HoldPairing();
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.PairingMode, "pairing mode");

        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Online, "pairing timed out", step: TimeSpan.FromSeconds(5), limit: TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task OtpOnAPairedDevice_FailsWithAReason(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);
        await rig.PairAsync(device, "partner-a");

        var id = await rig.Cloud.SendAsync(device.Serial, id => new OtpCommand(id, "1234", null), Token);
        await rig.WaitUntilAsync(() => rig.Cloud.Acks(device.Serial).Any(a => a.Id == id && a.Status == DeviceAckStatus.Failed), "failed ack");

        Assert.Contains("already paired", rig.Cloud.Acks(device.Serial).Single(a => a.Id == id && a.Status == DeviceAckStatus.Failed).Reason, StringComparison.Ordinal);
        Assert.Equal(DeviceState.Ready, device.State);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task SameCommandIdTwice_IsAcknowledgedAgainButSpokenOnce(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = rig.CreateDevice();
        await rig.BootAsync(device);
        var payload = DeviceCommandCodec.Write(new OtpCommand("otp-1", "5555", null));

        await rig.Cloud.SendRawAsync(device.Serial, payload, Token);
        await rig.Cloud.SendRawAsync(device.Serial, payload, Token);
        await rig.AdvanceUntilAsync(
            () => rig.Cloud.Acks(device.Serial).Count(a => a.Id == "otp-1" && a.Status == DeviceAckStatus.Received) == 2
                && rig.Cloud.Acks(device.Serial).Any(a => a.Id == "otp-1" && a.Status == DeviceAckStatus.Played),
            "both acknowledged, one played");

        Assert.Single(device.Announcements(), a => a.Kind == AnnouncementKind.Otp);
    }
}
