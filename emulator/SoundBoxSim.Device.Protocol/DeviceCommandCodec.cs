using System.Globalization;
using System.Text.Json;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// Commands as JSON on <c>soundbox/{serial}/cmd</c>: camelCase, a "type" discriminator, the cloud's "id".
/// <see cref="Parse"/> is the device's side and never throws, so every payload can be acknowledged;
/// <see cref="Write"/> is the cloud's side and only writes valid commands.
/// </summary>
/// <example>
/// <code>
/// {"type":"announce","id":"c1","requestId":"R1","amount":150000,"sentAt":"2026-11-22T04:00:00.000Z"}
/// {"type":"otp","id":"c2","otp":"0427","sessionId":"S1"}
/// {"type":"configure","id":"c3","volume":4}
/// </code>
/// </example>
public static class DeviceCommandCodec
{
    /// <summary>The largest payload a device accepts, in bytes; bigger ones fail without being read.</summary>
    public const int MaxPayloadBytes = 16 * 1024;

    /// <summary>The most characters (Unicode code points) a command id has.</summary>
    public const int MaxIdLength = 64;

    /// <summary>The most characters a request id, session id or partner id has.</summary>
    public const int MaxReferenceLength = 128;

    /// <summary>The largest amount an announce may carry: 999,999,999,999,999 đồng.</summary>
    public const long MaxAmount = ProtocolJson.MaxAmount;

    /// <summary>The highest volume; 0 is mute.</summary>
    public const int MaxVolume = 5;

    /// <summary>The longest stale limit and telemetry interval, in seconds (a day).</summary>
    public const int MaxSeconds = 86_400;

    /// <summary>"type" of <see cref="AnnounceCommand"/>.</summary>
    public const string AnnounceType = "announce";

    /// <summary>"type" of <see cref="OtpCommand"/>.</summary>
    public const string OtpType = "otp";

    /// <summary>"type" of <see cref="PairCommand"/>.</summary>
    public const string PairType = "pair";

    /// <summary>"type" of <see cref="UnpairCommand"/>.</summary>
    public const string UnpairType = "unpair";

    /// <summary>"type" of <see cref="ConfigureCommand"/>.</summary>
    public const string ConfigureType = "configure";

    /// <summary>"type" of <see cref="PingCommand"/>.</summary>
    public const string PingType = "ping";

    private static readonly JsonFieldTable Fields = new(
        "type", "id", "requestId", "amount", "sentAt", "otp", "sessionId", "partner", "volume", "staleAfterSeconds", "telemetryIntervalSeconds");

    /// <summary>Every "type" <see cref="Parse"/> accepts, in the order the protocol document lists them.</summary>
    public static IReadOnlyList<string> CommandTypes { get; } = [AnnounceType, OtpType, PairType, UnpairType, ConfigureType, PingType];

    /// <summary>The "type" <see cref="Write"/> gives <paramref name="command"/>, e.g. "announce".</summary>
    /// <exception cref="ArgumentException">The command is not one of the protocol's command records.</exception>
    public static string TypeOf(DeviceCommand command) => command switch
    {
        AnnounceCommand => AnnounceType,
        OtpCommand => OtpType,
        PairCommand => PairType,
        UnpairCommand => UnpairType,
        ConfigureCommand => ConfigureType,
        PingCommand => PingType,
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"{command.GetType().Name} is not a protocol command.", nameof(command)),
    };

    /// <summary>
    /// Reads a command payload. Never throws: malformed JSON, a non-object, a missing or unknown "type", a bad
    /// "id", wrong JSON types (an amount as a string or with a fraction), out-of-range values, properties given
    /// twice and payloads over <see cref="MaxPayloadBytes"/> all give a result whose error names the field and
    /// says what is allowed. Unknown properties are ignored, and null counts as absent for optional fields.
    /// </summary>
    /// <param name="json">The MQTT payload, UTF-8 JSON.</param>
    /// <returns>The command, or the error and the command id when one could be recovered.</returns>
    public static CommandParseResult Parse(ReadOnlySpan<byte> json)
    {
        var fields = Fields.Scan(json, MaxPayloadBytes);
        var recoveredId = fields.Peek("id", 1, MaxIdLength);
        if (fields.Error is not null)
        {
            return CommandParseResult.Failure(recoveredId, fields.Error);
        }

        var type = fields.Choice("type", CommandTypes);
        var id = fields.String("id", 1, MaxIdLength);
        if (type is null || id is null)
        {
            return CommandParseResult.Failure(recoveredId, fields.Error!);
        }

        DeviceCommand? command = type switch
        {
            AnnounceType => ReadAnnounce(fields, id),
            OtpType => ReadOtp(fields, id),
            PairType => fields.String("partner", 1, MaxReferenceLength) is { } partner ? new PairCommand(id, partner) : null,
            UnpairType => new UnpairCommand(id),
            ConfigureType => ReadConfigure(fields, id),
            _ => new PingCommand(id),
        };
        return command is not null && fields.Error is null
            ? CommandParseResult.Success(command)
            : CommandParseResult.Failure(id, fields.Error ?? "the command is invalid");
    }

    /// <summary>Writes <paramref name="command"/> as the cloud sends it: "type" and "id" first, null fields omitted, times in UTC with milliseconds.</summary>
    /// <exception cref="ArgumentException">
    /// The command is invalid (the message is the one <see cref="Parse"/> would give); write payloads for negative
    /// tests by hand.
    /// </exception>
    public static byte[] Write(DeviceCommand command)
    {
        if (Validate(command) is { } problem)
        {
            throw new ArgumentException($"This command would be refused by the device: {problem}.", nameof(command));
        }

        return ProtocolJson.Write(command, static (writer, command) =>
        {
            writer.WriteString("type"u8, TypeOf(command));
            writer.WriteString("id"u8, command.Id);
            switch (command)
            {
                case AnnounceCommand announce:
                    writer.WriteString("requestId"u8, announce.RequestId);
                    writer.WriteNumber("amount"u8, announce.Amount);
                    if (announce.SentAt is { } sentAt)
                    {
                        ProtocolJson.WriteTime(writer, "sentAt"u8, sentAt);
                    }

                    break;
                case OtpCommand otp:
                    writer.WriteString("otp"u8, otp.Otp);
                    ProtocolJson.WriteOptional(writer, "sessionId"u8, otp.SessionId);
                    break;
                case PairCommand pair:
                    writer.WriteString("partner"u8, pair.Partner);
                    break;
                case ConfigureCommand configure:
                    WriteOptional(writer, "volume"u8, configure.Volume);
                    WriteOptional(writer, "staleAfterSeconds"u8, configure.StaleAfterSeconds);
                    WriteOptional(writer, "telemetryIntervalSeconds"u8, configure.TelemetryIntervalSeconds);
                    break;
                default:
                    break;
            }
        });
    }

    /// <summary>
    /// Why the device would refuse <paramref name="command"/>, in the words <see cref="Parse"/> uses, or
    /// <see langword="null"/> when it is valid: lets the cloud check a command before sending it.
    /// </summary>
    public static string? Validate(DeviceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        _ = TypeOf(command);
        return CheckString("id", command.Id, MaxIdLength) ?? command switch
        {
            AnnounceCommand a => CheckString("requestId", a.RequestId, MaxReferenceLength)
                ?? CheckRange("amount", a.Amount, 1, MaxAmount),
            OtpCommand o => (ProtocolJson.IsOtp(o.Otp) ? null : $"otp must be a string of exactly 4 ASCII digits, e.g. \"0427\"; got {Show(o.Otp)}")
                ?? (o.SessionId is null ? null : CheckString("sessionId", o.SessionId, MaxReferenceLength)),
            PairCommand p => CheckString("partner", p.Partner, MaxReferenceLength),
            ConfigureCommand c => (c.Volume is null && c.StaleAfterSeconds is null && c.TelemetryIntervalSeconds is null
                    ? NothingToConfigure
                    : null)
                ?? CheckRange("volume", c.Volume, 0, MaxVolume)
                ?? CheckRange("staleAfterSeconds", c.StaleAfterSeconds, 1, MaxSeconds)
                ?? CheckRange("telemetryIntervalSeconds", c.TelemetryIntervalSeconds, 1, MaxSeconds),
            _ => null,
        };
    }

    private const string NothingToConfigure =
        "configure needs at least one of volume, staleAfterSeconds, telemetryIntervalSeconds; got none";

    private static AnnounceCommand? ReadAnnounce(JsonFields fields, string id)
    {
        var requestId = fields.String("requestId", 1, MaxReferenceLength);
        var amount = fields.Integer("amount", 1, MaxAmount);
        var sentAt = fields.Time("sentAt", required: false);
        return requestId is not null && amount is not null ? new AnnounceCommand(id, requestId, amount.Value, sentAt) : null;
    }

    private static OtpCommand? ReadOtp(JsonFields fields, string id)
    {
        var otp = fields.Otp("otp");
        var sessionId = fields.String("sessionId", 1, MaxReferenceLength, required: false);
        return otp is not null ? new OtpCommand(id, otp, sessionId) : null;
    }

    private static ConfigureCommand? ReadConfigure(JsonFields fields, string id)
    {
        var volume = fields.Integer("volume", 0, MaxVolume, required: false);
        var stale = fields.Integer("staleAfterSeconds", 1, MaxSeconds, required: false);
        var interval = fields.Integer("telemetryIntervalSeconds", 1, MaxSeconds, required: false);
        if (fields.Error is not null)
        {
            return null;
        }

        if (volume is null && stale is null && interval is null)
        {
            fields.Fail(NothingToConfigure);
            return null;
        }

        return new ConfigureCommand(id, (int?)volume, (int?)stale, (int?)interval);
    }

    private static void WriteOptional(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static string? CheckString(string name, string? value, int maxLength) =>
        value is not null && ProtocolJson.HasLength(value, 1, maxLength) ? null : $"{name} must be a string of 1 to {maxLength} characters; got {Show(value)}";

    private static string? CheckRange(string name, long? value, long min, long max) =>
        value is null || (value >= min && value <= max)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer from {min} to {max}; got {value}");

    private static string Show(string? value) => value is null ? "null" : "the string " + ProtocolJson.Quote(value);
}
