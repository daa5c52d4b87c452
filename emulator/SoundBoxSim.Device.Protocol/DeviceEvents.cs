namespace SoundBoxSim.Device.Protocol;

/// <summary>How far a device got with a command, as it reports on <c>soundbox/{serial}/ack</c>.</summary>
public enum DeviceAckStatus
{
    /// <summary>JSON "received": the command arrived and parsed; the device will act on it.</summary>
    Received,

    /// <summary>JSON "started": the announcement began playing.</summary>
    Started,

    /// <summary>JSON "played": the announcement finished (or the command was carried out).</summary>
    Played,

    /// <summary>JSON "failed": the command was invalid, stale, or could not be carried out; the ack's reason says why.</summary>
    Failed,
}

/// <summary>What an announcement was for, so the cloud can tell payments from pairing codes from device phrases.</summary>
public enum AnnouncementKind
{
    /// <summary>JSON "otp": a pairing code, read digit by digit.</summary>
    Otp,

    /// <summary>JSON "amount": a received payment.</summary>
    Amount,

    /// <summary>JSON "system": a device phrase (paired, low battery, network lost, volume...).</summary>
    System,
}

/// <summary>
/// Whether a device is online, published retained on <c>soundbox/{serial}/status</c>; the same message with
/// <paramref name="Online"/> false is the device's MQTT Will, so the cloud learns of a lost connection too.
/// </summary>
/// <param name="Serial">The device serial.</param>
/// <param name="Model">The model name, e.g. "S5 Plus".</param>
/// <param name="Online">Whether the device is connected.</param>
/// <param name="State">The device's state, e.g. "idle", or "offline" in the Will.</param>
/// <param name="Firmware">The firmware version, e.g. "1.4.2".</param>
/// <param name="At">When the status was published (for the Will: when it was registered at connect).</param>
public sealed record DeviceStatus(string Serial, string Model, bool Online, string State, string Firmware, DateTimeOffset At);

/// <summary>Periodic readings on <c>soundbox/{serial}/telemetry</c> (QoS 0: the next reading replaces a lost one).</summary>
/// <param name="Serial">The device serial.</param>
/// <param name="At">When the readings were taken.</param>
/// <param name="State">The device's state, e.g. "idle".</param>
/// <param name="Battery">Battery charge in percent, 0 to 100; written with one decimal.</param>
/// <param name="Charging">Whether the battery is charging.</param>
/// <param name="Mains">Whether external power is connected.</param>
/// <param name="Signal">Mobile signal strength as the device's modem reports it.</param>
/// <param name="Volume">Speaker volume, 0 (mute) to 5.</param>
/// <param name="Paired">Whether the device is paired with a partner.</param>
/// <param name="Partner">The partner's client id when paired.</param>
public sealed record DeviceTelemetry(
    string Serial, DateTimeOffset At, string State, double Battery, bool Charging, bool Mains, int Signal, int Volume, bool Paired, string? Partner);

/// <summary>A device's progress on one command, on <c>soundbox/{serial}/ack</c>, matched to the command by <paramref name="Id"/>.</summary>
/// <param name="Serial">The device serial.</param>
/// <param name="Id">The command id the cloud chose.</param>
/// <param name="Status">How far the device got.</param>
/// <param name="At">When the device reached that status.</param>
/// <param name="Reason">Why it failed, for <see cref="DeviceAckStatus.Failed"/>.</param>
/// <param name="RequestId">The partner's request id, for acks of an announce.</param>
/// <param name="StartedAt">When playback began, for "started" and "played".</param>
/// <param name="EndedAt">When playback ended, for "played".</param>
/// <param name="DurationMs">How long playback took, in milliseconds, for "played".</param>
public sealed record DeviceAck(
    string Serial, string Id, DeviceAckStatus Status, DateTimeOffset At, string? Reason = null, string? RequestId = null,
    DateTimeOffset? StartedAt = null, DateTimeOffset? EndedAt = null, int? DurationMs = null);

/// <summary>The device said something aloud (event type "announcement"), so tests can check what was heard.</summary>
/// <param name="Serial">The device serial.</param>
/// <param name="Kind">What the announcement was for.</param>
/// <param name="Text">The words spoken, e.g. "Đã nhận một trăm năm mươi nghìn đồng."</param>
/// <param name="StartedAt">When playback began.</param>
/// <param name="EndedAt">When playback ended.</param>
/// <param name="DurationMs">Playback length in milliseconds.</param>
/// <param name="Otp">The code spoken, for <see cref="AnnouncementKind.Otp"/>.</param>
/// <param name="Amount">The amount spoken, for <see cref="AnnouncementKind.Amount"/>.</param>
/// <param name="RequestId">The partner's request id, for amounts.</param>
/// <param name="CommandId">The command that caused it, if one did.</param>
public sealed record AnnouncementEvent(
    string Serial, AnnouncementKind Kind, string Text, DateTimeOffset StartedAt, DateTimeOffset EndedAt, int DurationMs,
    string? Otp = null, long? Amount = null, string? RequestId = null, string? CommandId = null);

/// <summary>The device's state machine moved (event type "state").</summary>
/// <param name="Serial">The device serial.</param>
/// <param name="From">The state left.</param>
/// <param name="To">The state entered.</param>
/// <param name="Trigger">What caused it, e.g. "button:pairing" or "command:pair".</param>
/// <param name="At">When it happened.</param>
public sealed record StateChangedEvent(string Serial, string From, string To, string Trigger, DateTimeOffset At);

/// <summary>Someone pressed or held a button (event type "button").</summary>
/// <param name="Serial">The device serial.</param>
/// <param name="Button">One of <see cref="DeviceButtons.All"/>: power, volumeUp, volumeDown, pairing, replay.</param>
/// <param name="Action">One of <see cref="DeviceButtons.Actions"/>: press, hold.</param>
/// <param name="At">When it happened.</param>
public sealed record ButtonEvent(string Serial, string Button, string Action, DateTimeOffset At);

/// <summary>The device dropped an announce without speaking it because it arrived too late (event type "staleDropped").</summary>
/// <param name="Serial">The device serial.</param>
/// <param name="CommandId">The dropped command's id.</param>
/// <param name="RequestId">The partner's request id of the dropped announce.</param>
/// <param name="SentAt">When the cloud sent it.</param>
/// <param name="At">When the device dropped it.</param>
public sealed record StaleDroppedEvent(string Serial, string CommandId, string RequestId, DateTimeOffset SentAt, DateTimeOffset At);

/// <summary>The names of a SoundBox's buttons and of what can be done with them, as written in <see cref="ButtonEvent"/>.</summary>
public static class DeviceButtons
{
    /// <summary>The power button.</summary>
    public const string Power = "power";

    /// <summary>The volume up button.</summary>
    public const string VolumeUp = "volumeUp";

    /// <summary>The volume down button.</summary>
    public const string VolumeDown = "volumeDown";

    /// <summary>The pairing button.</summary>
    public const string Pairing = "pairing";

    /// <summary>The replay button: says the last announcement again.</summary>
    public const string Replay = "replay";

    /// <summary>A short press.</summary>
    public const string Press = "press";

    /// <summary>A long press.</summary>
    public const string Hold = "hold";

    /// <summary>Every button name.</summary>
    public static IReadOnlyList<string> All { get; } = [Power, VolumeUp, VolumeDown, Pairing, Replay];

    /// <summary>Every action name.</summary>
    public static IReadOnlyList<string> Actions { get; } = [Press, Hold];
}
