using System.Text;
using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.Tests.Support;
using SoundBoxSim.Voice;
using SoundBoxSim.Voice.Audio;
using SoundBoxSim.Voice.Numbers;
using SoundBoxSim.Voice.Phrases;
using SoundBoxSim.Voice.Synthesis;

namespace SoundBoxSim.Device.Tests;

/// <summary>What the cloud may send that a device cannot carry out: each is failed with a reason, and the device carries on.</summary>
public sealed class SpeakerDeviceBadInputTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task AmountsTheVoiceCannotRead_AreFailedNamingTheAmountAndItsRange(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var device = await ReadyAsync(rig, rig.CreateDevice());
        string[] amounts = ["0", "-5", "1000000000000000", "1.5", "1e6"];
        for (var i = 0; i < amounts.Length; i++)
        {
            await rig.Cloud.SendRawAsync(device.Serial, Encoding.UTF8.GetBytes($$"""{"type":"announce","id":"a{{i}}","requestId":"R{{i}}","amount":{{amounts[i]}}}"""), Token);
        }

        var good = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-OK", 999_999_999_999_999, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, good, DeviceAckStatus.Played), "the largest readable amount played");

        for (var i = 0; i < amounts.Length; i++)
        {
            var failed = rig.Cloud.Acks(device.Serial).Single(a => a.Id == $"a{i}" && a.Status == DeviceAckStatus.Failed);
            Assert.Contains("amount", failed.Reason, StringComparison.Ordinal);
            Assert.Contains("999", failed.Reason, StringComparison.Ordinal); // says what is allowed
        }

        Assert.Equal([999_999_999_999_999], device.Announcements().Where(a => a.Kind == AnnouncementKind.Amount).Select(a => a.Amount!.Value));
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task VoiceThatCannotSayAnAmount_FailsItWithTheVoicesReason_AndTheNextOnePlays(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var voice = new SpeakerVoice(DeviceRig.Voice.Pack, new RefusesAmount(DeviceRig.Voice.Synthesizer, 13_000, DeviceRig.Voice.Style));
        var device = await ReadyAsync(rig, rig.CreateDevice(voice: voice));

        var refused = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-13", 13_000, null), Token);
        var next = await rig.Cloud.SendAsync(device.Serial, id => new AnnounceCommand(id, "R-14", 14_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, device, next, DeviceAckStatus.Played), "the next one played");

        var failed = rig.Cloud.Acks(device.Serial).Single(a => a.Id == refused && a.Status == DeviceAckStatus.Failed);
        Assert.Contains(RefusesAmount.Reason, failed.Reason, StringComparison.Ordinal);
        Assert.Equal("R-13", failed.RequestId);
        Assert.DoesNotContain(rig.Cloud.Acks(device.Serial), a => a.Id == refused && a.Status == DeviceAckStatus.Played);
        Assert.Equal(AnnouncementOutcome.Failed, device.Announcements().Single(a => a.RequestId == "R-13").Outcome);
        Assert.Equal(DeviceState.Ready, device.State);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task CommandForAnotherSerial_IsNotCarriedOutOrAcknowledgedByThisDevice(BrokerKind broker)
    {
        await using var rig = await DeviceRig.StartAsync(broker);
        var mine = await ReadyAsync(rig, rig.CreateDevice());
        var other = await ReadyAsync(rig, rig.CreateDevice());
        var before = rig.Cloud.Acks(mine.Serial).Count;

        var id = await rig.Cloud.SendAsync(other.Serial, id => new AnnounceCommand(id, "R-OTHER", 20_000, null), Token);
        await rig.AdvanceUntilAsync(() => Has(rig, other, id, DeviceAckStatus.Played), "the other device played it");

        Assert.Equal(before, rig.Cloud.Acks(mine.Serial).Count);
        Assert.DoesNotContain(mine.Announcements(), a => a.RequestId == "R-OTHER");
    }

    private static async Task<SpeakerDevice> ReadyAsync(DeviceRig rig, SpeakerDevice device)
    {
        await rig.BootAsync(device);
        await rig.PairAsync(device);
        await rig.AdvanceUntilAsync(() => device.State == DeviceState.Ready && device.Snapshot().QueuedAnnouncements == 0, "ready and quiet");
        return device;
    }

    private static bool Has(DeviceRig rig, SpeakerDevice device, string id, DeviceAckStatus status) =>
        rig.Cloud.Acks(device.Serial).Any(a => a.Id == id && a.Status == status);

    /// <summary>A voice that fails on one amount, as a network voice does when its service refuses a request.</summary>
    private sealed class RefusesAmount(ISpeechSynthesizer inner, long amount, NumberReadingStyle style) : ISpeechSynthesizer
    {
        public const string Reason = "the speech service refused the request (HTTP 400)";
        private readonly string _words = VietnameseNumberReader.Read(amount, style);

        public string Name => "refuses-amount";

        public ValueTask<PcmAudio> SynthesizeAsync(Utterance utterance, CancellationToken cancellationToken = default) =>
            utterance.Text.Contains(_words, StringComparison.Ordinal)
                ? throw new SpeechSynthesisException(Reason)
                : inner.SynthesizeAsync(utterance, cancellationToken);
    }
}
