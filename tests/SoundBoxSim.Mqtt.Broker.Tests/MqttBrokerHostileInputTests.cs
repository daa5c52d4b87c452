using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

/// <summary>Bytes a broker must survive: each case ends in the spec's answer and exactly one log line naming the rule.</summary>
public sealed class MqttBrokerHostileInputTests
{
    public static TheoryData<string, byte[], string> AfterConnect => new()
    {
        { "reserved packet type 0", [0x00, 0x00], MqttRules.PacketTypeReserved },
        { "reserved packet type 15", [0xF0, 0x00], MqttRules.PacketTypeReserved },
        { "PINGREQ with a flag set", [0xC1, 0x00], MqttRules.FixedHeaderFlags },
        { "SUBSCRIBE flags 0000", [0x80, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x00], MqttRules.SubscribeFlags },
        { "PUBLISH QoS 3", [0x36, 0x05, 0x00, 0x01, (byte)'a', 0x00, 0x01], MqttRules.PublishQoS },
        { "PUBLISH DUP at QoS 0", [0x38, 0x03, 0x00, 0x01, (byte)'a'], MqttRules.DupWithQoS0 },
        { "remaining length of five bytes", [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], MqttRules.RemainingLength },
        { "remaining length over the maximum packet size", [0x30, 0xFF, 0xFF, 0x7F], MqttRules.MaximumPacketSize },
        { "topic not UTF-8", Frames.PublishWithTopicBytes(0xC3, 0x28), MqttRules.Utf8WellFormed },
        { "topic with an encoded surrogate", Frames.PublishWithTopicBytes(0xED, 0xA0, 0x80), MqttRules.Utf8WellFormed },
        { "topic with U+0000", Frames.PublishWithTopicBytes((byte)'a', 0x00), MqttRules.Utf8NullCharacter },
        { "empty topic", Frames.PublishWithTopicBytes(), MqttRules.TopicEmpty },
        { "topic with a wildcard", Frames.PublishWithTopicBytes((byte)'a', (byte)'/', (byte)'+'), MqttRules.PublishTopicWildcard },
        { "topic length past the frame", [0x30, 0x03, 0x00, 0x09, (byte)'a'], MqttRules.ProtocolViolation },
        { "SUBSCRIBE with QoS 3", [0x82, 0x06, 0x00, 0x01, 0x00, 0x01, (byte)'a', 0x03], MqttRules.SubscribeQoS },
        { "SUBSCRIBE without filters", [0x82, 0x02, 0x00, 0x01], MqttRules.SubscribeEmpty },
        { "PUBACK with packet id 0", [0x40, 0x02, 0x00, 0x00], MqttRules.PacketIdNonZero },
        { "PINGREQ with a body", [0xC0, 0x01, 0x00], MqttRules.ProtocolViolation },
        { "SUBACK from a client", [0x90, 0x03, 0x00, 0x01, 0x00], "MQTT-4.8.0-1" },
        { "CONNACK from a client", [0x20, 0x02, 0x00, 0x00], "MQTT-4.8.0-1" },
    };

    [Theory]
    [MemberData(nameof(AfterConnect))]
    public async Task HostileInput_AfterConnect_ClosedOneLineWillPublished(string name, byte[] bytes, string rule)
    {
        await using var harness = new BrokerHarness(options => options with { MaximumPacketSize = 1024 });
        await using var watcher = await harness.ConnectAsync("watcher");
        await watcher.SubscribeAsync("will");
        await using var client = harness.Open();
        await client.ConnectAcceptedAsync("hostile", will: new WillMessage("will", "x"u8.ToArray()));

        await client.SendRawAsync(bytes);

        await client.ExpectClosedAsync();
        await client.Served;
        var line = Assert.Single(harness.Lines(), l => l.Contains("client 'hostile'", StringComparison.Ordinal) && !l.Contains("connected (", StringComparison.Ordinal));
        Assert.Contains($"[{rule}]", line, StringComparison.Ordinal);
        Assert.Equal("will", (await watcher.ExpectAsync<PublishPacket>()).Topic);
        Assert.True(name.Length > 0);
    }

    public static TheoryData<string, byte[], string> BeforeConnect => new()
    {
        { "CONNECT with flags in the fixed header", [0x11, .. Frames.Connect()[1..]], MqttRules.FixedHeaderFlags },
        { "CONNECT reserved flag", Frames.Connect(flags: 0x03), MqttRules.ConnectReservedFlag },
        { "CONNECT Will QoS without Will", Frames.Connect(flags: 0x0A), MqttRules.WillQoSWithoutWill },
        { "CONNECT password without user name", Frames.Connect(flags: 0x42), MqttRules.PasswordWithoutUserName },
        { "CONNECT protocol name MQIsdp", Frames.Connect(level: 3, name: "MQIsdp"), MqttRules.ProtocolName },
        { "CONNECT too large", [0x10, 0x80, 0x80, 0x01], MqttRules.MaximumPacketSize },
    };

    [Theory]
    [MemberData(nameof(BeforeConnect))]
    public async Task HostileInput_AsFirstPacket_ClosedWithoutConnAckOneLine(string name, byte[] bytes, string rule)
    {
        await using var harness = new BrokerHarness(options => options with { MaximumPacketSize = 1024 });
        await using var client = harness.Open();

        await client.SendRawAsync(bytes);

        Assert.Empty(await client.ReadToEndAsync());
        await client.Served;
        var line = Assert.Single(harness.Lines());
        Assert.Contains($"[{rule}]", line, StringComparison.Ordinal);
        Assert.True(name.Length > 0);
    }

    [Fact]
    public async Task HostileInput_TruncatedFrameThenClose_ClosedAsProtocolViolation()
    {
        await using var harness = new BrokerHarness();
        await using var client = await harness.ConnectAsync("SB-1");
        var publish = MqttPacketWriter.ToBytes(new PublishPacket("devices/SB-1/notify", new byte[100]));

        await client.SendRawAsync(publish[..50]);
        await client.CompleteOutputAsync();

        await client.ExpectClosedAsync();
        await client.Served;
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("closed 50 bytes into an unfinished packet", StringComparison.Ordinal));
        Assert.Equal(1, harness.Broker.Metrics.ProtocolErrors);
    }

    [Fact]
    public async Task HostileInput_OversizeRemainingLength_ClosedBeforeTheBodyArrives()
    {
        await using var harness = new BrokerHarness(options => options with { MaximumPacketSize = 1024 });
        await using var big = await harness.ConnectAsync("SB-2");

        await big.SendRawAsync(0x30, 0x81, 0x08); // 1,025 bytes of body announced, 1,028 in all: only the header is sent

        await big.ExpectClosedAsync();
        await big.Served;
        Assert.Single(harness.Lines(MqttLogLevel.Warning), line => line.Contains("client 'SB-2'", StringComparison.Ordinal) && line.Contains("[MaximumPacketSize]", StringComparison.Ordinal));
    }
}
