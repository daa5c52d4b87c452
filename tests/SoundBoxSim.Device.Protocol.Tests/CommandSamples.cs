using System.Text;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Device.Protocol.Tests;

/// <summary>Commands and payloads several test classes share: the golden pairs and a generator of valid commands.</summary>
internal static class CommandSamples
{
    public static readonly DateTimeOffset SentAt = new(2026, 11, 22, 4, 0, 0, TimeSpan.Zero);

    /// <summary>Name → (command, the JSON the cloud sends for it, written by hand).</summary>
    public static readonly IReadOnlyDictionary<string, (DeviceCommand Command, string Json)> Golden = new Dictionary<string, (DeviceCommand, string)>
    {
        ["announce"] = (new AnnounceCommand("c1", "R1", 150000, SentAt),
            """{"type":"announce","id":"c1","requestId":"R1","amount":150000,"sentAt":"2026-11-22T04:00:00.000Z"}"""),
        ["announceLocalTime"] = (new AnnounceCommand("c1", "R1", 150000, new DateTimeOffset(2026, 11, 22, 11, 0, 0, 123, TimeSpan.FromHours(7))),
            """{"type":"announce","id":"c1","requestId":"R1","amount":150000,"sentAt":"2026-11-22T04:00:00.123Z"}"""),
        ["announceLargest"] = (new AnnounceCommand("c2", "R2", 999_999_999_999_999, null),
            """{"type":"announce","id":"c2","requestId":"R2","amount":999999999999999}"""),
        ["otp"] = (new OtpCommand("c3", "0427", "S-77"), """{"type":"otp","id":"c3","otp":"0427","sessionId":"S-77"}"""),
        ["otpWithoutSession"] = (new OtpCommand("c4", "0000", null), """{"type":"otp","id":"c4","otp":"0000"}"""),
        ["pair"] = (new PairCommand("c5", "partner-demo"), """{"type":"pair","id":"c5","partner":"partner-demo"}"""),
        ["unpair"] = (new UnpairCommand("c6"), """{"type":"unpair","id":"c6"}"""),
        ["configureAll"] = (new ConfigureCommand("c7", 0, 300, 60),
            """{"type":"configure","id":"c7","volume":0,"staleAfterSeconds":300,"telemetryIntervalSeconds":60}"""),
        ["configureOne"] = (new ConfigureCommand("c8", null, 86400, null), """{"type":"configure","id":"c8","staleAfterSeconds":86400}"""),
        ["ping"] = (new PingCommand("c9"), """{"type":"ping","id":"c9"}"""),
        ["unicodeAndQuotes"] = (new PairCommand("đơn-\"1\"", "cửa hàng <A&B>"),
            """{"type":"pair","id":"đơn-\"1\"","partner":"cửa hàng <A&B>"}"""),
    };

    /// <summary>A random valid command, with times at whole milliseconds so they survive the round trip.</summary>
    public static DeviceCommand RandomValid(Random random)
    {
        var id = RandomText(random, 1, DeviceCommandCodec.MaxIdLength);
        return random.Next(6) switch
        {
            0 => new AnnounceCommand(
                id,
                RandomText(random, 1, DeviceCommandCodec.MaxReferenceLength),
                random.Next(4) switch { 0 => 1, 1 => DeviceCommandCodec.MaxAmount, _ => random.NextInt64(1, DeviceCommandCodec.MaxAmount + 1) },
                random.Next(3) == 0 ? null : RandomTime(random)),
            1 => new OtpCommand(id, random.Next(10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                random.Next(2) == 0 ? null : RandomText(random, 1, DeviceCommandCodec.MaxReferenceLength)),
            2 => new PairCommand(id, RandomText(random, 1, DeviceCommandCodec.MaxReferenceLength)),
            3 => new UnpairCommand(id),
            4 => RandomConfigure(random, id),
            _ => new PingCommand(id),
        };
    }

    /// <summary>A time at a whole millisecond, in a random offset.</summary>
    public static DateTimeOffset RandomTime(Random random) =>
        new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(random.NextInt64(0, 20L * 365 * 24 * 3600 * 1000))
            .ToOffset(TimeSpan.FromMinutes(random.Next(-12 * 4, 14 * 4 + 1) * 15));

    /// <summary>1 to <paramref name="maxLength"/> characters, sometimes at the limits, mixing ASCII, Vietnamese, quotes, controls and emoji.</summary>
    public static string RandomText(Random random, int minLength, int maxLength)
    {
        var length = random.Next(4) switch { 0 => minLength, 1 => maxLength, _ => random.Next(minLength, Math.Min(maxLength, 24) + 1) };
        var builder = new StringBuilder(length);
        string[] pieces = ["a", "Z", "0", "-", "đ", "ư", "ở", "\"", "\\", "/", "\n", "\u0001", " ", "<", "&", "'", "😀"];
        while (builder.Length < length)
        {
            var piece = pieces[random.Next(pieces.Length)];
            builder.Append(builder.Length + piece.Length <= length ? piece : "x");
        }

        return builder.ToString();
    }

    private static ConfigureCommand RandomConfigure(Random random, string id)
    {
        var mask = random.Next(1, 8);
        return new ConfigureCommand(
            id,
            (mask & 1) != 0 ? random.Next(0, 6) : null,
            (mask & 2) != 0 ? random.Next(1, 86_401) : null,
            (mask & 4) != 0 ? random.Next(1, 86_401) : null);
    }
}
