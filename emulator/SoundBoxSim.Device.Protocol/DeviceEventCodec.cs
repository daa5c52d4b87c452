using System.Globalization;
using System.Text.Json;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// What a device publishes, as JSON: status, telemetry, acks, and the events on <c>soundbox/{serial}/event</c>
/// (which carry a "type": announcement, state, button, staleDropped). Writers are the device's side and refuse
/// values the readers would refuse; readers are the cloud's side, lenient (unknown properties ignored) and
/// never throwing: bad input gives <see langword="null"/>.
/// </summary>
/// <remarks>
/// Times are written as ISO 8601 UTC with milliseconds ("2026-11-22T04:00:00.123Z"), so sub-millisecond detail
/// does not survive a round trip; null optional fields are omitted; battery is written with one decimal.
/// </remarks>
public static class DeviceEventCodec
{
    /// <summary>"type" of <see cref="AnnouncementEvent"/>.</summary>
    public const string AnnouncementType = "announcement";

    /// <summary>"type" of <see cref="StateChangedEvent"/>.</summary>
    public const string StateType = "state";

    /// <summary>"type" of <see cref="ButtonEvent"/>.</summary>
    public const string ButtonType = "button";

    /// <summary>"type" of <see cref="StaleDroppedEvent"/>.</summary>
    public const string StaleDroppedType = "staleDropped";

    private const int MaxIdLength = DeviceCommandCodec.MaxIdLength;

    private static readonly JsonFieldTable StatusFields = new("serial", "model", "online", "state", "firmware", "at");

    private static readonly JsonFieldTable TelemetryFields = new(
        "serial", "at", "state", "battery", "charging", "mains", "signal", "volume", "paired", "partner");

    private static readonly JsonFieldTable AckFields = new(
        "serial", "id", "status", "at", "reason", "requestId", "startedAt", "endedAt", "durationMs");

    private static readonly JsonFieldTable EventFields = new(
        "type", "serial", "kind", "text", "startedAt", "endedAt", "durationMs", "otp", "amount", "requestId", "commandId",
        "from", "to", "trigger", "button", "action", "sentAt", "at");

    /// <summary>Every "type" on the event topic, in the order the protocol document lists them.</summary>
    public static IReadOnlyList<string> EventTypes { get; } = [AnnouncementType, StateType, ButtonType, StaleDroppedType];

    /// <summary>The JSON names of <see cref="DeviceAckStatus"/>, in enum order.</summary>
    public static IReadOnlyList<string> AckStatuses { get; } = ["received", "started", "played", "failed"];

    /// <summary>The JSON names of <see cref="AnnouncementKind"/>, in enum order.</summary>
    public static IReadOnlyList<string> AnnouncementKinds { get; } = ["otp", "amount", "system"];

    /// <summary>The status payload, retained on the status topic; also the Will's payload with Online false.</summary>
    /// <exception cref="ArgumentException">A field is empty or out of range; the message names it.</exception>
    public static byte[] Write(DeviceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Check.NonEmpty("serial", status.Serial);
        Check.NonEmpty("model", status.Model);
        Check.NonEmpty("state", status.State);
        Check.NonEmpty("firmware", status.Firmware);
        return ProtocolJson.Write(status, static (w, s) =>
        {
            w.WriteString("serial"u8, s.Serial);
            w.WriteString("model"u8, s.Model);
            w.WriteBoolean("online"u8, s.Online);
            w.WriteString("state"u8, s.State);
            w.WriteString("firmware"u8, s.Firmware);
            ProtocolJson.WriteTime(w, "at"u8, s.At);
        });
    }

    /// <summary>Reads a status payload; <see langword="null"/> when it is not one.</summary>
    public static DeviceStatus? ReadStatus(ReadOnlySpan<byte> json)
    {
        var f = StatusFields.Scan(json);
        var serial = f.NonEmpty("serial");
        var model = f.NonEmpty("model");
        var online = f.Boolean("online");
        var state = f.NonEmpty("state");
        var firmware = f.NonEmpty("firmware");
        var at = f.Time("at");
        return f.Error is null ? new DeviceStatus(serial!, model!, online!.Value, state!, firmware!, at!.Value) : null;
    }

    /// <summary>The telemetry payload.</summary>
    /// <exception cref="ArgumentException">A field is empty or out of range; the message names it.</exception>
    public static byte[] Write(DeviceTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        Check.NonEmpty("serial", telemetry.Serial);
        Check.NonEmpty("state", telemetry.State);
        if (!(telemetry.Battery is >= 0 and <= 100))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"battery must be a number from 0 to 100; got {telemetry.Battery}"), nameof(telemetry));
        }

        Check.Range("volume", telemetry.Volume, 0, DeviceCommandCodec.MaxVolume);
        Check.NonEmptyOrNull("partner", telemetry.Partner);
        return ProtocolJson.Write(telemetry, static (w, t) =>
        {
            w.WriteString("serial"u8, t.Serial);
            ProtocolJson.WriteTime(w, "at"u8, t.At);
            w.WriteString("state"u8, t.State);
            Span<byte> battery = stackalloc byte[8];
            (Math.Round(t.Battery, 1, MidpointRounding.AwayFromZero) + 0.0).TryFormat(battery, out var length, "0.0", CultureInfo.InvariantCulture);
            w.WritePropertyName("battery"u8);
            w.WriteRawValue(battery[..length], skipInputValidation: true);
            w.WriteBoolean("charging"u8, t.Charging);
            w.WriteBoolean("mains"u8, t.Mains);
            w.WriteNumber("signal"u8, t.Signal);
            w.WriteNumber("volume"u8, t.Volume);
            w.WriteBoolean("paired"u8, t.Paired);
            ProtocolJson.WriteOptional(w, "partner"u8, t.Partner);
        });
    }

    /// <summary>Reads a telemetry payload; <see langword="null"/> when it is not one.</summary>
    public static DeviceTelemetry? ReadTelemetry(ReadOnlySpan<byte> json)
    {
        var f = TelemetryFields.Scan(json);
        var serial = f.NonEmpty("serial");
        var at = f.Time("at");
        var state = f.NonEmpty("state");
        var battery = f.Number("battery", 0, 100);
        var charging = f.Boolean("charging");
        var mains = f.Boolean("mains");
        var signal = f.Integer("signal", int.MinValue, int.MaxValue);
        var volume = f.Integer("volume", 0, DeviceCommandCodec.MaxVolume);
        var paired = f.Boolean("paired");
        var partner = f.NonEmpty("partner", required: false);
        return f.Error is null
            ? new DeviceTelemetry(serial!, at!.Value, state!, battery!.Value, charging!.Value, mains!.Value, (int)signal!.Value, (int)volume!.Value, paired!.Value, partner)
            : null;
    }

    /// <summary>The ack payload.</summary>
    /// <exception cref="ArgumentException">A field is empty or out of range; the message names it.</exception>
    public static byte[] Write(DeviceAck ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        Check.NonEmpty("serial", ack.Serial);
        Check.Length("id", ack.Id, MaxIdLength);
        Check.Defined("status", ack.Status, AckStatuses.Count);
        Check.NonEmptyOrNull("reason", ack.Reason);
        Check.NonEmptyOrNull("requestId", ack.RequestId);
        Check.Range("durationMs", ack.DurationMs, 0, int.MaxValue);
        return ProtocolJson.Write(ack, static (w, a) =>
        {
            w.WriteString("serial"u8, a.Serial);
            w.WriteString("id"u8, a.Id);
            w.WriteString("status"u8, AckStatuses[(int)a.Status]);
            ProtocolJson.WriteTime(w, "at"u8, a.At);
            ProtocolJson.WriteOptional(w, "reason"u8, a.Reason);
            ProtocolJson.WriteOptional(w, "requestId"u8, a.RequestId);
            WriteOptional(w, "startedAt"u8, a.StartedAt);
            WriteOptional(w, "endedAt"u8, a.EndedAt);
            if (a.DurationMs is { } duration)
            {
                w.WriteNumber("durationMs"u8, duration);
            }
        });
    }

    /// <summary>Reads an ack payload; <see langword="null"/> when it is not one.</summary>
    public static DeviceAck? ReadAck(ReadOnlySpan<byte> json)
    {
        var f = AckFields.Scan(json);
        var serial = f.NonEmpty("serial");
        var id = f.String("id", 1, MaxIdLength);
        var status = f.Choice("status", AckStatuses);
        var at = f.Time("at");
        var reason = f.NonEmpty("reason", required: false);
        var requestId = f.NonEmpty("requestId", required: false);
        var startedAt = f.Time("startedAt", required: false);
        var endedAt = f.Time("endedAt", required: false);
        var duration = f.Integer("durationMs", 0, int.MaxValue, required: false);
        return f.Error is null
            ? new DeviceAck(serial!, id!, (DeviceAckStatus)IndexOf(AckStatuses, status!), at!.Value, reason, requestId, startedAt, endedAt, (int?)duration)
            : null;
    }

    /// <summary>An "announcement" event.</summary>
    /// <exception cref="ArgumentException">A field is empty or out of range; the message names it.</exception>
    public static byte[] Write(AnnouncementEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Check.NonEmpty("serial", e.Serial);
        Check.Defined("kind", e.Kind, AnnouncementKinds.Count);
        Check.NonEmpty("text", e.Text);
        Check.Range("durationMs", e.DurationMs, 0, int.MaxValue);
        if (e.Otp is not null && !ProtocolJson.IsOtp(e.Otp))
        {
            throw new ArgumentException($"otp must be a string of exactly 4 ASCII digits; got {ProtocolJson.Quote(e.Otp)}", nameof(e));
        }

        Check.Range("amount", e.Amount, 1, ProtocolJson.MaxAmount);
        Check.NonEmptyOrNull("requestId", e.RequestId);
        Check.NonEmptyOrNull("commandId", e.CommandId);
        return ProtocolJson.Write(e, static (w, e) =>
        {
            w.WriteString("type"u8, AnnouncementType);
            w.WriteString("serial"u8, e.Serial);
            w.WriteString("kind"u8, AnnouncementKinds[(int)e.Kind]);
            w.WriteString("text"u8, e.Text);
            ProtocolJson.WriteTime(w, "startedAt"u8, e.StartedAt);
            ProtocolJson.WriteTime(w, "endedAt"u8, e.EndedAt);
            w.WriteNumber("durationMs"u8, e.DurationMs);
            ProtocolJson.WriteOptional(w, "otp"u8, e.Otp);
            if (e.Amount is { } amount)
            {
                w.WriteNumber("amount"u8, amount);
            }

            ProtocolJson.WriteOptional(w, "requestId"u8, e.RequestId);
            ProtocolJson.WriteOptional(w, "commandId"u8, e.CommandId);
        });
    }

    /// <summary>A "state" event.</summary>
    /// <exception cref="ArgumentException">A field is empty; the message names it.</exception>
    public static byte[] Write(StateChangedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Check.NonEmpty("serial", e.Serial);
        Check.NonEmpty("from", e.From);
        Check.NonEmpty("to", e.To);
        Check.NonEmpty("trigger", e.Trigger);
        return ProtocolJson.Write(e, static (w, e) =>
        {
            w.WriteString("type"u8, StateType);
            w.WriteString("serial"u8, e.Serial);
            w.WriteString("from"u8, e.From);
            w.WriteString("to"u8, e.To);
            w.WriteString("trigger"u8, e.Trigger);
            ProtocolJson.WriteTime(w, "at"u8, e.At);
        });
    }

    /// <summary>A "button" event.</summary>
    /// <exception cref="ArgumentException">The button or action is not a known name, or the serial is empty.</exception>
    public static byte[] Write(ButtonEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Check.NonEmpty("serial", e.Serial);
        Check.OneOf("button", e.Button, DeviceButtons.All);
        Check.OneOf("action", e.Action, DeviceButtons.Actions);
        return ProtocolJson.Write(e, static (w, e) =>
        {
            w.WriteString("type"u8, ButtonType);
            w.WriteString("serial"u8, e.Serial);
            w.WriteString("button"u8, e.Button);
            w.WriteString("action"u8, e.Action);
            ProtocolJson.WriteTime(w, "at"u8, e.At);
        });
    }

    /// <summary>A "staleDropped" event.</summary>
    /// <exception cref="ArgumentException">A field is empty or too long; the message names it.</exception>
    public static byte[] Write(StaleDroppedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Check.NonEmpty("serial", e.Serial);
        Check.Length("commandId", e.CommandId, MaxIdLength);
        Check.NonEmpty("requestId", e.RequestId);
        return ProtocolJson.Write(e, static (w, e) =>
        {
            w.WriteString("type"u8, StaleDroppedType);
            w.WriteString("serial"u8, e.Serial);
            w.WriteString("commandId"u8, e.CommandId);
            w.WriteString("requestId"u8, e.RequestId);
            ProtocolJson.WriteTime(w, "sentAt"u8, e.SentAt);
            ProtocolJson.WriteTime(w, "at"u8, e.At);
        });
    }

    /// <summary>
    /// Reads a payload of the event topic: an <see cref="AnnouncementEvent"/>, <see cref="StateChangedEvent"/>,
    /// <see cref="ButtonEvent"/> or <see cref="StaleDroppedEvent"/> by its "type"; <see langword="null"/> when it is none of them.
    /// </summary>
    public static object? ReadEvent(ReadOnlySpan<byte> json)
    {
        var f = EventFields.Scan(json);
        var type = f.Choice("type", EventTypes);
        var serial = f.NonEmpty("serial");
        if (f.Error is not null)
        {
            return null;
        }

        object? result = type switch
        {
            AnnouncementType => ReadAnnouncement(f, serial!),
            StateType => new StateChangedEvent(serial!, f.NonEmpty("from")!, f.NonEmpty("to")!, f.NonEmpty("trigger")!, f.Time("at").GetValueOrDefault()),
            ButtonType => new ButtonEvent(serial!, f.Choice("button", DeviceButtons.All)!, f.Choice("action", DeviceButtons.Actions)!, f.Time("at").GetValueOrDefault()),
            _ => new StaleDroppedEvent(serial!, f.String("commandId", 1, MaxIdLength)!, f.NonEmpty("requestId")!, f.Time("sentAt").GetValueOrDefault(), f.Time("at").GetValueOrDefault()),
        };
        return f.Error is null ? result : null;
    }

    private static AnnouncementEvent ReadAnnouncement(JsonFields f, string serial)
    {
        var kind = f.Choice("kind", AnnouncementKinds);
        var text = f.NonEmpty("text");
        var startedAt = f.Time("startedAt");
        var endedAt = f.Time("endedAt");
        var duration = f.Integer("durationMs", 0, int.MaxValue);
        var otp = f.Otp("otp", required: false);
        var amount = f.Integer("amount", 1, ProtocolJson.MaxAmount, required: false);
        var requestId = f.NonEmpty("requestId", required: false);
        var commandId = f.NonEmpty("commandId", required: false);
        return new AnnouncementEvent(
            serial, kind is null ? default : (AnnouncementKind)IndexOf(AnnouncementKinds, kind), text ?? string.Empty,
            startedAt.GetValueOrDefault(), endedAt.GetValueOrDefault(), (int)duration.GetValueOrDefault(), otp, amount, requestId, commandId);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            ProtocolJson.WriteTime(writer, name, value);
        }
    }

    /// <summary>The writers' checks, mirroring what the readers accept, so a device never publishes what the cloud drops.</summary>
    private static class Check
    {
        public static void NonEmpty(string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"{name} must be a non-empty string; got {Show(value)}", name);
            }
        }

        public static void NonEmptyOrNull(string name, string? value)
        {
            if (value is not null)
            {
                NonEmpty(name, value);
            }
        }

        public static void Length(string name, string? value, int maxLength)
        {
            if (value is null || !ProtocolJson.HasLength(value, 1, maxLength))
            {
                throw new ArgumentException($"{name} must be a string of 1 to {maxLength} characters; got {Show(value)}", name);
            }
        }

        public static void OneOf(string name, string? value, IReadOnlyList<string> allowed)
        {
            if (value is null || IndexOf(allowed, value) < 0)
            {
                throw new ArgumentException($"{name} must be one of {string.Join(", ", allowed)}; got {Show(value)}", name);
            }
        }

        public static void Range(string name, long? value, long min, long max)
        {
            if (value is { } number && (number < min || number > max))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer from {min} to {max}; got {number}"), name);
            }
        }

        public static void Defined<TEnum>(string name, TEnum value, int count)
            where TEnum : struct, Enum
        {
            var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
            if (number < 0 || number >= count)
            {
                throw new ArgumentException($"{name} {number} is not a defined {typeof(TEnum).Name}", name);
            }
        }

        private static string Show(string? value) => value is null ? "null" : "the string " + ProtocolJson.Quote(value);
    }
}
