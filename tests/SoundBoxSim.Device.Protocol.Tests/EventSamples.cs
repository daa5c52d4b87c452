using System.Text.Json;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Device.Protocol.Tests;

/// <summary>
/// One entry per device → cloud message of the protocol document (keyed like its components.messages): a sample
/// with every optional field null, one with every field set, how to write one and how to read it back.
/// </summary>
internal sealed record EventKind(string Message, string Channel, object Minimal, object Full, Func<object, byte[]> Write, Func<byte[], object?> Read)
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<EventKind> All =
    [
        new("status", "status",
            new DeviceStatus("VNS52508000001", "S5 Plus", false, "offline", "1.4.2", At),
            new DeviceStatus("VNS52508000001", "S5 Plus", true, "idle", "1.4.2", At.AddMilliseconds(5)),
            o => DeviceEventCodec.Write((DeviceStatus)o), b => DeviceEventCodec.ReadStatus(b)),
        new("telemetry", "telemetry",
            new DeviceTelemetry("VNS52508000001", At, "idle", 100, false, false, -85, 0, false, null),
            new DeviceTelemetry("VNS52508000001", At, "idle", 87.5, true, true, 4, 3, true, "partner-demo"),
            o => DeviceEventCodec.Write((DeviceTelemetry)o), b => DeviceEventCodec.ReadTelemetry(b)),
        new("ack", "acks",
            new DeviceAck("VNS52508000001", "c1", DeviceAckStatus.Received, At),
            new DeviceAck("VNS52508000001", "c1", DeviceAckStatus.Played, At.AddMilliseconds(2530), "none", "R1", At.AddMilliseconds(130), At.AddMilliseconds(2530), 2400),
            o => DeviceEventCodec.Write((DeviceAck)o), b => DeviceEventCodec.ReadAck(b)),
        new("announcement", "events",
            new AnnouncementEvent("VNS52508000001", AnnouncementKind.System, "Pin yếu, vui lòng sạc pin.", At, At.AddMilliseconds(800), 800),
            new AnnouncementEvent("VNS52508000001", AnnouncementKind.Amount, "Đã nhận một trăm năm mươi nghìn đồng.", At, At.AddMilliseconds(2400), 2400, "0427", 150000, "R1", "c1"),
            o => DeviceEventCodec.Write((AnnouncementEvent)o), b => DeviceEventCodec.ReadEvent(b)),
        new("stateChanged", "events",
            new StateChangedEvent("VNS52508000001", "idle", "pairing", "button:pairing", At),
            new StateChangedEvent("VNS52508000001", "idle", "pairing", "button:pairing", At),
            o => DeviceEventCodec.Write((StateChangedEvent)o), b => DeviceEventCodec.ReadEvent(b)),
        new("button", "events",
            new ButtonEvent("VNS52508000001", DeviceButtons.Pairing, DeviceButtons.Hold, At),
            new ButtonEvent("VNS52508000001", DeviceButtons.VolumeUp, DeviceButtons.Press, At),
            o => DeviceEventCodec.Write((ButtonEvent)o), b => DeviceEventCodec.ReadEvent(b)),
        new("staleDropped", "events",
            new StaleDroppedEvent("VNS52508000001", "c11", "R11", At.AddHours(-1), At),
            new StaleDroppedEvent("VNS52508000001", "c11", "R11", At.AddHours(-1), At),
            o => DeviceEventCodec.Write((StaleDroppedEvent)o), b => DeviceEventCodec.ReadEvent(b)),
    ];

    public static EventKind Named(string message) => All.Single(k => k.Message == message);

    /// <summary>The property names a written payload has.</summary>
    public static IReadOnlySet<string> PropertyNames(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet();
    }

    public override string ToString() => Message;
}
