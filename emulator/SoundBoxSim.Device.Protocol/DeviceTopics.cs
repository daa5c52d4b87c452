using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// The MQTT topics of the device-cloud protocol, <c>soundbox/{serial}/{cmd|status|telemetry|ack|event}</c>, with
/// the QoS and retain flag each one uses, so the device and the cloud build and route topics the same way.
/// </summary>
/// <remarks>
/// A serial level is any non-empty text without '/', '+', '#' or U+0000; it is not required to have the
/// <see cref="DeviceSerial"/> shape, so tests can use readable names.
/// </remarks>
public static class DeviceTopics
{
    /// <summary>The first level of every protocol topic.</summary>
    public const string Root = "soundbox";

    /// <summary>The last level of the command topic.</summary>
    public const string CommandsLevel = "cmd";

    /// <summary>The last level of the status topic.</summary>
    public const string StatusLevel = "status";

    /// <summary>The last level of the telemetry topic.</summary>
    public const string TelemetryLevel = "telemetry";

    /// <summary>The last level of the acknowledgement topic.</summary>
    public const string AcksLevel = "ack";

    /// <summary>The last level of the event topic.</summary>
    public const string EventsLevel = "event";

    /// <summary>Filter for every device's commands (a monitor's view of what the cloud sends).</summary>
    public const string AllCommands = Root + "/+/" + CommandsLevel;

    /// <summary>Filter for every device's status, retained ones included: the cloud's view of who is online.</summary>
    public const string AllStatus = Root + "/+/" + StatusLevel;

    /// <summary>Filter for every device's telemetry.</summary>
    public const string AllTelemetry = Root + "/+/" + TelemetryLevel;

    /// <summary>Filter for every device's acknowledgements.</summary>
    public const string AllAcks = Root + "/+/" + AcksLevel;

    /// <summary>Filter for every device's events.</summary>
    public const string AllEvents = Root + "/+/" + EventsLevel;

    /// <summary>Filter for everything under the protocol's root.</summary>
    public const string Everything = Root + "/#";

    /// <summary>The topic the cloud publishes commands to for <paramref name="serial"/> (QoS 1).</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> cannot be a topic level.</exception>
    public static string Commands(string serial) => Topic(serial, DeviceTopicKind.Commands);

    /// <summary>The topic a device publishes its retained status to, and its Will topic (QoS 1, retained).</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> cannot be a topic level.</exception>
    public static string Status(string serial) => Topic(serial, DeviceTopicKind.Status);

    /// <summary>The topic a device publishes telemetry to (QoS 0: a lost reading is replaced by the next).</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> cannot be a topic level.</exception>
    public static string Telemetry(string serial) => Topic(serial, DeviceTopicKind.Telemetry);

    /// <summary>The topic a device acknowledges commands on (QoS 1).</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> cannot be a topic level.</exception>
    public static string Acks(string serial) => Topic(serial, DeviceTopicKind.Acks);

    /// <summary>The topic a device publishes events to (QoS 1).</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> cannot be a topic level.</exception>
    public static string Events(string serial) => Topic(serial, DeviceTopicKind.Events);

    /// <summary>The command topic of <paramref name="serial"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> is <c>default</c>.</exception>
    public static string Commands(DeviceSerial serial) => Commands(serial.ToString());

    /// <summary>The status topic of <paramref name="serial"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> is <c>default</c>.</exception>
    public static string Status(DeviceSerial serial) => Status(serial.ToString());

    /// <summary>The telemetry topic of <paramref name="serial"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> is <c>default</c>.</exception>
    public static string Telemetry(DeviceSerial serial) => Telemetry(serial.ToString());

    /// <summary>The acknowledgement topic of <paramref name="serial"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> is <c>default</c>.</exception>
    public static string Acks(DeviceSerial serial) => Acks(serial.ToString());

    /// <summary>The event topic of <paramref name="serial"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> is <c>default</c>.</exception>
    public static string Events(DeviceSerial serial) => Events(serial.ToString());

    /// <summary>The topic of kind <paramref name="kind"/> for <paramref name="serial"/>, for code that routes by kind.</summary>
    /// <exception cref="ArgumentException"><paramref name="serial"/> cannot be a topic level.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static string Topic(string serial, DeviceTopicKind kind)
    {
        ArgumentNullException.ThrowIfNull(serial);
        if (!IsValidSerialLevel(serial))
        {
            throw new ArgumentException(
                $"\"{serial}\" cannot be the serial level of a topic: it must be non-empty, without '/', '+', '#' or U+0000.", nameof(serial));
        }

        return string.Concat(Root, "/", serial, "/", Level(kind));
    }

    /// <summary>The filter that matches kind <paramref name="kind"/> for every device, e.g. <see cref="AllStatus"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static string AllOf(DeviceTopicKind kind) => kind switch
    {
        DeviceTopicKind.Commands => AllCommands,
        DeviceTopicKind.Status => AllStatus,
        DeviceTopicKind.Telemetry => AllTelemetry,
        DeviceTopicKind.Acks => AllAcks,
        DeviceTopicKind.Events => AllEvents,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a device topic kind."),
    };

    /// <summary>The last topic level of kind <paramref name="kind"/>, e.g. "cmd".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static string Level(DeviceTopicKind kind) => kind switch
    {
        DeviceTopicKind.Commands => CommandsLevel,
        DeviceTopicKind.Status => StatusLevel,
        DeviceTopicKind.Telemetry => TelemetryLevel,
        DeviceTopicKind.Acks => AcksLevel,
        DeviceTopicKind.Events => EventsLevel,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a device topic kind."),
    };

    /// <summary>
    /// The QoS messages of kind <paramref name="kind"/> are published and subscribed with: at most once for
    /// telemetry (the next reading replaces a lost one), at least once for everything else.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not defined.</exception>
    public static QualityOfService QualityOf(DeviceTopicKind kind) => kind switch
    {
        DeviceTopicKind.Telemetry => QualityOfService.AtMostOnce,
        DeviceTopicKind.Commands or DeviceTopicKind.Status or DeviceTopicKind.Acks or DeviceTopicKind.Events => QualityOfService.AtLeastOnce,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a device topic kind."),
    };

    /// <summary>Whether messages of kind <paramref name="kind"/> are retained: only status, so a new subscriber sees who is online.</summary>
    public static bool IsRetained(DeviceTopicKind kind) => kind == DeviceTopicKind.Status;

    /// <summary>Whether <paramref name="serial"/> can be the serial level of a topic: non-empty, no '/', '+', '#' or U+0000.</summary>
    public static bool IsValidSerialLevel(ReadOnlySpan<char> serial) =>
        !serial.IsEmpty && serial.IndexOfAny('/', '+', '#') < 0 && !serial.Contains('\0');

    /// <summary>
    /// Splits a protocol topic into its serial and kind, for a subscriber of the <c>All*</c> filters. Refuses
    /// other roots, other or extra levels, wildcards and an empty serial.
    /// </summary>
    /// <param name="topic">A topic name, e.g. "soundbox/VNS52508000001/status".</param>
    /// <param name="serial">The serial level; empty when the topic is not a protocol topic.</param>
    /// <param name="kind">The topic's kind; <see cref="DeviceTopicKind.Commands"/> when the topic is not a protocol topic.</param>
    /// <returns><see langword="true"/> when <paramref name="topic"/> is exactly one of the five protocol topics.</returns>
    public static bool TryParse(string topic, out string serial, out DeviceTopicKind kind)
    {
        serial = string.Empty;
        kind = default;
        if (topic is null || topic.Length <= Root.Length + 2 || !topic.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(Root.Length + 1);
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        var level = rest[..slash];
        var last = rest[(slash + 1)..];
        DeviceTopicKind? parsed = last switch
        {
            CommandsLevel => DeviceTopicKind.Commands,
            StatusLevel => DeviceTopicKind.Status,
            TelemetryLevel => DeviceTopicKind.Telemetry,
            AcksLevel => DeviceTopicKind.Acks,
            EventsLevel => DeviceTopicKind.Events,
            _ => null,
        };
        if (parsed is null || !IsValidSerialLevel(level))
        {
            return false;
        }

        serial = level.ToString();
        kind = parsed.Value;
        return true;
    }
}
