using System.Text;
using System.Text.Json.Nodes;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Device.Protocol.Tests;

/// <summary>
/// Throws every kind of payload at the parsers. The only allowed outcome of <see cref="DeviceCommandCodec.Parse"/>
/// is a <see cref="CommandParseResult"/> holding exactly one of a command and an error; a command it accepts must
/// be writable and parse back to itself; the event readers give a record or null. Seeded, so a failure repeats.
/// </summary>
public sealed class CodecFuzzTests
{
    private const int Seed = 1122;

    private static readonly string[] Names =
    [
        "type", "id", "requestId", "amount", "sentAt", "otp", "sessionId", "partner", "volume", "staleAfterSeconds",
        "telemetryIntervalSeconds", "serial", "at", "status", "kind", "text", "battery", "x", "", "Type", "ID",
    ];

    private static readonly string[] Values =
    [
        "\"announce\"", "\"otp\"", "\"pair\"", "\"unpair\"", "\"configure\"", "\"ping\"", "\"c1\"", "\"R1\"", "\"0427\"", "\"\"",
        "\"2026-11-22T04:00:00Z\"", "\"2026-11-22T04:00:00.1234567+07:00\"", "\"9999-12-31T23:59:59-01:00\"", "\"0001-01-01T00:00:00+14:00\"",
        "0", "1", "-1", "5", "6", "86400", "86401", "150000", "150000.0", "1.5", "1e3", "-0", "999999999999999", "1000000000000000",
        "99999999999999999999999999", "1e400", "true", "false", "null", "{}", "[]", "{\"a\":[1,{\"b\":null}]}", "[[[[]]]]",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"đồng\"", "\"😀\"", "\"\\\"\"", "\"" + new string('x', 65) + "\"", "\"" + new string('y', 129) + "\"",
    ];

    private static readonly string[] Tokens = ["{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "null", "1", "-", ".", "e", " ", "\0", "/*", "\uFEFF"];

    [Fact]
    public void Parse_AnyBytes_OnlyEverGivesAResult()
    {
        var random = new Random(Seed);
        var seeds = CommandSamples.Golden.Values.Select(g => Encoding.UTF8.GetBytes(g.Json))
            .Concat(EventKind.All.Select(k => k.Write(k.Full)))
            .ToArray();
        var outcomes = new Dictionary<string, int>();
        const int Runs = 30_000;

        for (var i = 0; i < Runs; i++)
        {
            var (category, payload) = (i % 6) switch
            {
                0 => ("random bytes", RandomBytes(random)),
                1 => ("mutated golden payload", Mutate(random, seeds[random.Next(seeds.Length)])),
                2 => ("random object", Encoding.UTF8.GetBytes(RandomObject(random))),
                3 => ("one field of a valid command changed", ChangeOneField(random)),
                4 => ("mutated random object", Mutate(random, Encoding.UTF8.GetBytes(RandomObject(random)))),
                _ => ("odd shape", OddShape(random)),
            };

            var succeeded = CheckCommand(payload);
            CheckEventReaders(payload);
            var key = $"{category}: {(succeeded ? "command" : "error")}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(Environment.NewLine, outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.Equal(Runs, outcomes.Values.Sum());
        // The generators reach deep: valid commands and errors both come out of the structured ones.
        Assert.True(outcomes.GetValueOrDefault("one field of a valid command changed: command") > 500, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("one field of a valid command changed: error") > 500, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("random object: command") > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public void Readers_MutatedEvents_GiveARecordThatWritesBackOrNull()
    {
        var random = new Random(Seed + 1);
        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var kind = EventKind.All[random.Next(EventKind.All.Count)];
            var payload = random.Next(2) == 0 ? Mutate(random, kind.Write(kind.Full)) : ChangeOneField(random, kind.Write(kind.Full));

            var record = Guard(payload, () => kind.Read(payload));
            if (record is not null)
            {
                // What the cloud accepts, the device may write: writers and readers agree on what is valid.
                var written = Guard(payload, () => kind.Write(record));
                Assert.NotNull(kind.Read(written));
                accepted++;
            }
        }

        Assert.InRange(accepted, 500, 9_500);
    }

    private static bool CheckCommand(byte[] payload)
    {
        var result = Guard(payload, () => DeviceCommandCodec.Parse(payload));

        Assert.NotNull(result);
        Assert.True(result.Command is null != result.Error is null, $"Exactly one of Command and Error must be set for {Show(payload)}.");
        if (result.Id is not null)
        {
            Assert.InRange(result.Id.EnumerateRunes().Count(), 1, DeviceCommandCodec.MaxIdLength);
        }

        if (!result.Succeeded)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
            return false;
        }

        Assert.Equal(result.Command.Id, result.Id);
        var again = Guard(payload, () => DeviceCommandCodec.Parse(DeviceCommandCodec.Write(result.Command)));
        Assert.Equal(ToMilliseconds(result.Command), again.Command);
        return true;
    }

    private static void CheckEventReaders(byte[] payload)
    {
        Guard(payload, () => DeviceEventCodec.ReadStatus(payload));
        Guard(payload, () => DeviceEventCodec.ReadTelemetry(payload));
        Guard(payload, () => DeviceEventCodec.ReadAck(payload));
        Guard(payload, () => DeviceEventCodec.ReadEvent(payload));
    }

    private static T Guard<T>(byte[] payload, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{e.GetType().Name} for {Show(payload)}: {e}");
            throw;
        }
    }

    private static DeviceCommand ToMilliseconds(DeviceCommand command) => command is AnnounceCommand { SentAt: { } sentAt } announce
        ? announce with { SentAt = new DateTimeOffset(sentAt.UtcTicks - (sentAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero) }
        : command;

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 80)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        var bytes = new List<byte>(source);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 6)));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at); // truncate
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 12));
                    bytes.InsertRange(at, bytes.GetRange(at, length)); // repeat a slice
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[at] ^= (byte)(1 << random.Next(8));
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static string RandomObject(Random random)
    {
        var builder = new StringBuilder("{");
        var count = random.Next(0, 8);
        var names = new List<string>();
        if (random.Next(3) > 0)
        {
            names.Add("type");
            names.Add("id");
        }

        while (names.Count < count)
        {
            names.Add(Names[random.Next(Names.Length)]);
        }

        foreach (var name in names.OrderBy(_ => random.Next()))
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append('"').Append(name).Append("\":").Append(Values[random.Next(Values.Length)]);
        }

        return builder.Append('}').ToString();
    }

    private static byte[] ChangeOneField(Random random) => ChangeOneField(random, DeviceCommandCodec.Write(CommandSamples.RandomValid(random)));

    private static byte[] ChangeOneField(Random random, byte[] valid)
    {
        var json = JsonNode.Parse(valid)!.AsObject();
        var names = json.Select(p => p.Key).ToList();
        var name = random.Next(4) == 0 ? Names[random.Next(Names.Length)] : names[random.Next(names.Count)];
        var text = json.ToJsonString();
        switch (random.Next(4))
        {
            case 0:
                json.Remove(name);
                text = json.ToJsonString();
                break;
            case 1:
                text = text[..^1] + $",\"{name}\":{Values[random.Next(Values.Length)]}}}"; // maybe a duplicate
                break;
            default:
                json.Remove(name);
                text = json.ToJsonString();
                text = (text.Length > 2 ? text[..^1] + "," : "{") + $"\"{name}\":{Values[random.Next(Values.Length)]}}}";
                break;
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] OddShape(Random random) => random.Next(6) switch
    {
        0 => Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":\"c1\",\"x\":" + new string('[', random.Next(1, 300)) + new string(']', random.Next(1, 300)) + "}"),
        1 => Encoding.UTF8.GetBytes("{\"id\":\"c1\",\"type\":\"ping\",\"pad\":\"" + new string('đ', random.Next(8_000, 9_000)) + "\"}"),
        2 => Encoding.UTF8.GetBytes(new string(' ', random.Next(0, 5)) + Values[random.Next(Values.Length)]),
        3 => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(CommandSamples.Golden["ping"].Json)],
        4 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Tokens[random.Next(Tokens.Length)]))),
        _ => Encoding.UTF8.GetBytes("{\"type\":\"announce\",\"id\":\"c1\",\"requestId\":\"R1\",\"amount\":" + random.NextInt64(-5, long.MaxValue) + random.Next(10) + "}"),
    };

    private static string Show(byte[] payload) =>
        $"payload (base64) {Convert.ToBase64String(payload.AsSpan(0, Math.Min(payload.Length, 2_000)))}";
}
