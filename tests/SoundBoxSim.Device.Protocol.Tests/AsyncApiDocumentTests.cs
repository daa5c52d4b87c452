using System.Text;
using System.Text.Json;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Device.Protocol.Tests;

/// <summary>Keeps emulator/asyncapi.yaml equal to the code: topics, QoS, command types, schemas and examples.</summary>
public sealed class AsyncApiDocumentTests
{
    private static readonly AsyncApiDocument Document = AsyncApiDocument.Instance;
    private static readonly SchemaChecker Checker = new(Document);

    /// <summary>Channel key in the document → topic kind.</summary>
    private static readonly Dictionary<string, DeviceTopicKind> ChannelKinds = new()
    {
        ["commands"] = DeviceTopicKind.Commands,
        ["status"] = DeviceTopicKind.Status,
        ["telemetry"] = DeviceTopicKind.Telemetry,
        ["acks"] = DeviceTopicKind.Acks,
        ["events"] = DeviceTopicKind.Events,
    };

    public static TheoryData<string> EventMessages => [.. EventKind.All.Select(k => k.Message)];

    public static TheoryData<string> CommandMessages => [.. Document.ChannelMessages("commands").Keys];

    [Fact]
    public void Document_IsAsyncApi3WithTheProtocolInfo()
    {
        var info = Document.Root.GetProperty("info");
        var description = info.GetProperty("description").GetString()!;

        Assert.Equal("3.0.0", Document.Root.GetProperty("asyncapi").GetString());
        Assert.Equal("SoundBoxSim device-cloud protocol", info.GetProperty("title").GetString());
        Assert.Equal("1.0.0", info.GetProperty("version").GetString());
        foreach (var topic in new[] { "QoS", "retained", "Will", "Clean Session 0", "Client id = serial", "persistent session" })
        {
            Assert.Contains(topic, description, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Channels_AreTheFiveDeviceTopics()
    {
        var channels = Document.Root.GetProperty("channels").EnumerateObject().Select(c => c.Name);

        Assert.Equal(ChannelKinds.Keys.Order(), channels.Order());
        foreach (var (key, kind) in ChannelKinds)
        {
            var channel = Document.Channel(key);
            Assert.Equal(DeviceTopics.Topic("{serial}", kind), channel.GetProperty("address").GetString());
            Assert.Equal(["serial"], channel.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void SerialParameter_ExamplesAreSerials()
    {
        var parameter = Document.Resolve("#/components/parameters/serial");

        Assert.All(parameter.GetProperty("examples").EnumerateArray(), e => Assert.True(DeviceSerial.TryParse(e.GetString(), out _), e.GetString()));
    }

    [Fact]
    public void Operations_ReceiveCommandsAndSendTheRest_WithTheCodesQosAndRetain()
    {
        var operations = Document.Root.GetProperty("operations").EnumerateObject().ToList();
        var covered = new HashSet<string>();

        foreach (var operation in operations)
        {
            var channelKey = operation.Value.GetProperty("channel").GetProperty("$ref").GetString()!["#/channels/".Length..];
            var kind = ChannelKinds[channelKey];
            var mqtt = operation.Value.GetProperty("bindings").GetProperty("mqtt");

            Assert.True(covered.Add(channelKey), $"two operations on {channelKey}");
            Assert.Equal(kind == DeviceTopicKind.Commands ? "receive" : "send", operation.Value.GetProperty("action").GetString());
            Assert.Equal((int)DeviceTopics.QualityOf(kind), mqtt.GetProperty("qos").GetInt32());
            Assert.Equal(DeviceTopics.IsRetained(kind), mqtt.GetProperty("retain").GetBoolean());

            // The operation lists exactly its channel's messages.
            var listed = operation.Value.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("$ref").GetString()!).Order();
            var expected = Document.ChannelMessages(channelKey).Keys.Select(k => $"#/channels/{channelKey}/messages/{k}").Order();
            Assert.Equal(expected, listed);
            Assert.All(listed, reference => Document.Resolve(reference));
        }

        Assert.Equal(ChannelKinds.Keys.Order(), covered.Order());
    }

    [Fact]
    public void ServerBinding_IsAPersistentSessionWithARetainedStatusWill()
    {
        var mqtt = Document.Root.GetProperty("servers").GetProperty("local").GetProperty("bindings").GetProperty("mqtt");
        var clientId = mqtt.GetProperty("clientId").GetString()!;
        var will = mqtt.GetProperty("lastWill");
        var status = DeviceEventCodec.ReadStatus(Encoding.UTF8.GetBytes(will.GetProperty("message").GetString()!));

        Assert.False(mqtt.GetProperty("cleanSession").GetBoolean());
        Assert.Equal(DeviceTopics.Status(clientId), will.GetProperty("topic").GetString());
        Assert.Equal((int)QualityOfService.AtLeastOnce, will.GetProperty("qos").GetInt32());
        Assert.True(will.GetProperty("retain").GetBoolean());
        Assert.NotNull(status);
        Assert.False(status.Online);
        Assert.Equal(clientId, status.Serial);
    }

    // (a)
    [Fact]
    public void CommandSchema_TypeEnum_IsTheSetOfTypesTheCodecAccepts()
    {
        var envelope = Document.Resolve("#/components/schemas/CommandEnvelope");
        var documented = envelope.GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(t => t.GetString()!).ToList();

        Assert.Equal(DeviceCommandCodec.CommandTypes, documented);
        foreach (var type in documented)
        {
            // Accepted: the error for a bare command of this type is never about its type.
            var result = DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes($$"""{"type":"{{type}}","id":"c1"}"""));
            Assert.True(result.Succeeded || !result.Error!.StartsWith("type ", StringComparison.Ordinal), result.Error);
        }

        var refused = DeviceCommandCodec.Parse("""{"type":"reboot","id":"c1"}"""u8);
        Assert.StartsWith("type must be one of " + string.Join(", ", documented), refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandMessages_HaveOneSchemaPerType()
    {
        var consts = Document.ChannelMessages("commands").Values
            .Select(m => Document.PayloadSchema(m).GetProperty("properties").GetProperty("type").GetProperty("const").GetString()!);

        Assert.Equal(DeviceCommandCodec.CommandTypes.Order(), consts.Order());
    }

    // (b)
    [Theory]
    [MemberData(nameof(CommandMessages))]
    public void CommandExamples_ParseWithoutError_AndAreWhatWriteWrites(string message)
    {
        var schema = Document.PayloadSchema(Document.ChannelMessages("commands")[message]);
        var examples = AsyncApiDocument.Examples(Document.ChannelMessages("commands")[message]).ToList();

        Assert.NotEmpty(examples);
        foreach (var (name, payload) in examples)
        {
            var result = DeviceCommandCodec.Parse(AsyncApiDocument.Bytes(payload));

            Assert.True(result.Succeeded, $"{message}/{name}: {result.Error}");
            Assert.Equal(schema.GetProperty("properties").GetProperty("type").GetProperty("const").GetString(), DeviceCommandCodec.TypeOf(result.Command));
            AssertSameJson(payload, DeviceCommandCodec.Write(result.Command), $"{message}/{name}");
            Assert.Empty(Checker.Check(schema, payload));
            Assert.Empty(Checker.Check(Document.Resolve("#/components/schemas/CommandEnvelope"), payload));
        }
    }

    // (c)
    [Theory]
    [MemberData(nameof(EventMessages))]
    public void EventExamples_RoundTripThroughTheirReader(string message)
    {
        var kind = EventKind.Named(message);
        var documented = Document.ChannelMessages(kind.Channel)[message];
        var examples = AsyncApiDocument.Examples(documented).ToList();

        Assert.NotEmpty(examples);
        foreach (var (name, payload) in examples)
        {
            var record = kind.Read(AsyncApiDocument.Bytes(payload));

            Assert.True(record is not null, $"{message}/{name} does not read: {payload.GetRawText()}");
            Assert.Equal(kind.Minimal.GetType(), record.GetType());
            AssertSameJson(payload, kind.Write(record), $"{message}/{name}");
            Assert.Empty(Checker.Check(Document.PayloadSchema(documented), payload));
        }
    }

    [Fact]
    public void DeviceChannels_HaveExactlyTheCodecsMessages()
    {
        foreach (var channel in ChannelKinds.Keys.Where(k => k != "commands"))
        {
            Assert.Equal(
                EventKind.All.Where(k => k.Channel == channel).Select(k => k.Message).Order(),
                Document.ChannelMessages(channel).Keys.Order());
        }
    }

    // (d)
    [Theory]
    [MemberData(nameof(EventMessages))]
    public void EventSchema_RequiredIsWhatTheWriterAlwaysWrites_AndPropertiesIsEverythingItCanWrite(string message)
    {
        var kind = EventKind.Named(message);
        var schema = Document.PayloadSchema(Document.ChannelMessages(kind.Channel)[message]);

        Assert.Equal(EventKind.PropertyNames(kind.Write(kind.Minimal)).Order(), AsyncApiDocument.Required(schema).Order());
        Assert.Equal(EventKind.PropertyNames(kind.Write(kind.Full)).Order(), AsyncApiDocument.Properties(schema).Order());
        Assert.Empty(Checker.Check(schema, Json(kind.Write(kind.Minimal))));
        Assert.Empty(Checker.Check(schema, Json(kind.Write(kind.Full))));
    }

    [Theory]
    [MemberData(nameof(CommandMessages))]
    public void CommandSchema_RequiredIsWhatTheWriterAlwaysWrites_AndPropertiesIsEverythingItCanWrite(string message)
    {
        var schema = Document.PayloadSchema(Document.ChannelMessages("commands")[message]);
        var type = schema.GetProperty("properties").GetProperty("type").GetProperty("const").GetString()!;
        var (sparse, full) = CommandSamplesOf(type);
        var alwaysWritten = sparse.Select(c => EventKind.PropertyNames(DeviceCommandCodec.Write(c))).Aggregate((a, b) => a.Intersect(b).ToHashSet());

        Assert.Equal(alwaysWritten.Order(), AsyncApiDocument.Required(schema).Order());
        Assert.Equal(EventKind.PropertyNames(DeviceCommandCodec.Write(full)).Order(), AsyncApiDocument.Properties(schema).Order());
        Assert.All(sparse.Append(full), c => Assert.Empty(Checker.Check(schema, Json(DeviceCommandCodec.Write(c)))));
    }

    [Fact]
    public void Enums_AreTheCodecsNames()
    {
        Assert.Equal(DeviceEventCodec.AckStatuses, Enum("DeviceAck", "status"));
        Assert.Equal(DeviceEventCodec.AnnouncementKinds, Enum("AnnouncementEvent", "kind"));
        Assert.Equal(DeviceButtons.All, Enum("ButtonEvent", "button"));
        Assert.Equal(DeviceButtons.Actions, Enum("ButtonEvent", "action"));
        Assert.Equal(
            DeviceEventCodec.EventTypes.Order(),
            Document.ChannelMessages("events").Values.Select(m => Document.PayloadSchema(m).GetProperty("properties").GetProperty("type").GetProperty("const").GetString()!).Order());
    }

    [Theory]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':1.5}")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':150000.0}")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':'150000'}")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':0}")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':1000000000000000}")]
    [InlineData("{'type':'announce','id':'c1','requestId':'','amount':5}")]
    [InlineData("{'type':'announce','id':'c1','amount':5}")]
    [InlineData("{'type':'announce','id':'c1','requestId':'R1','amount':5,'sentAt':'2026-11-22T04:00:00'}")]
    [InlineData("{'type':'otp','id':'c1','otp':'427'}")]
    [InlineData("{'type':'otp','id':'c1','otp':427}")]
    [InlineData("{'type':'otp','id':'c1','otp':'0427','sessionId':''}")]
    [InlineData("{'type':'pair','id':'c1'}")]
    [InlineData("{'type':'configure','id':'c1'}")]
    [InlineData("{'type':'configure','id':'c1','volume':6}")]
    [InlineData("{'type':'configure','id':'c1','staleAfterSeconds':0}")]
    [InlineData("{'type':'configure','id':'c1','telemetryIntervalSeconds':86401}")]
    [InlineData("{'type':'ping','id':''}")]
    [InlineData("{'type':'ping'}")]
    [InlineData("{'type':'reboot','id':'c1'}")]
    [InlineData("{'id':'c1'}")]
    public void Schemas_RefuseWhatTheCodecRefuses(string payload)
    {
        var json = payload.Replace('\'', '"');
        Assert.False(DeviceCommandCodec.Parse(Encoding.UTF8.GetBytes(json)).Succeeded);

        using var document = JsonDocument.Parse(json);
        var instance = document.RootElement;
        var type = instance.TryGetProperty("type", out var t) ? t.GetString() : null;
        var message = Document.ChannelMessages("commands").Values
            .Where(m => Document.PayloadSchema(m).GetProperty("properties").GetProperty("type").GetProperty("const").GetString() == type)
            .Select(Document.PayloadSchema)
            .DefaultIfEmpty(Document.Resolve("#/components/schemas/CommandEnvelope"))
            .Single();

        Assert.NotEmpty(Checker.Check(message, instance));
    }

    [Fact]
    public void EveryReference_Resolves()
    {
        var references = new List<string>();
        Collect(Document.Root, references);

        Assert.NotEmpty(references);
        Assert.All(references, r => Document.Resolve(r));
    }

    [Fact]
    public void EveryMessage_HasAnExample()
    {
        foreach (var message in Document.Root.GetProperty("components").GetProperty("messages").EnumerateObject())
        {
            Assert.True(AsyncApiDocument.Examples(message.Value).Any(), $"{message.Name} has no example");
        }
    }

    /// <summary>Commands of <paramref name="type"/> with as few fields as allowed, and one with every field.</summary>
    private static (DeviceCommand[] Sparse, DeviceCommand Full) CommandSamplesOf(string type) => type switch
    {
        DeviceCommandCodec.AnnounceType => ([new AnnounceCommand("c1", "R1", 5, null)], new AnnounceCommand("c1", "R1", 5, CommandSamples.SentAt)),
        DeviceCommandCodec.OtpType => ([new OtpCommand("c1", "0427", null)], new OtpCommand("c1", "0427", "S1")),
        DeviceCommandCodec.PairType => ([new PairCommand("c1", "p")], new PairCommand("c1", "p")),
        DeviceCommandCodec.UnpairType => ([new UnpairCommand("c1")], new UnpairCommand("c1")),
        // A configure needs one setting, but any one will do: none of the three is always written.
        DeviceCommandCodec.ConfigureType => (
            [new ConfigureCommand("c1", 1, null, null), new ConfigureCommand("c1", null, 2, null), new ConfigureCommand("c1", null, null, 3)],
            new ConfigureCommand("c1", 1, 2, 3)),
        DeviceCommandCodec.PingType => ([new PingCommand("c1")], new PingCommand("c1")),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "a command type without samples"),
    };

    private static List<string> Enum(string schema, string property) =>
        [.. Document.Resolve($"#/components/schemas/{schema}").GetProperty("properties").GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];

    private static JsonElement Json(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }

    private static void AssertSameJson(JsonElement expected, byte[] actual, string where)
    {
        var written = Json(actual);
        Assert.True(JsonElement.DeepEquals(expected, written), $"{where}: the document has {expected.GetRawText()} but the codec writes {written.GetRawText()}");
    }

    private static void Collect(JsonElement element, List<string> references)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        references.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, references);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, references);
                }

                break;
            default:
                break;
        }
    }
}
