using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Device.Protocol.Tests;

public sealed class DeviceTopicsTests
{
    private const string Serial = "VNS52508000001";

    [Fact]
    public void Builders_GiveTheProtocolTopics()
    {
        Assert.Equal("soundbox/VNS52508000001/cmd", DeviceTopics.Commands(Serial));
        Assert.Equal("soundbox/VNS52508000001/status", DeviceTopics.Status(Serial));
        Assert.Equal("soundbox/VNS52508000001/telemetry", DeviceTopics.Telemetry(Serial));
        Assert.Equal("soundbox/VNS52508000001/ack", DeviceTopics.Acks(Serial));
        Assert.Equal("soundbox/VNS52508000001/event", DeviceTopics.Events(Serial));
    }

    [Fact]
    public void DeviceSerialOverloads_GiveTheSameTopics()
    {
        var serial = DeviceSerial.Parse(Serial);

        Assert.Equal(DeviceTopics.Commands(Serial), DeviceTopics.Commands(serial));
        Assert.Equal(DeviceTopics.Status(Serial), DeviceTopics.Status(serial));
        Assert.Equal(DeviceTopics.Telemetry(Serial), DeviceTopics.Telemetry(serial));
        Assert.Equal(DeviceTopics.Acks(Serial), DeviceTopics.Acks(serial));
        Assert.Equal(DeviceTopics.Events(Serial), DeviceTopics.Events(serial));
    }

    [Fact]
    public void Filters_AreTheProtocolWildcards()
    {
        Assert.Equal("soundbox", DeviceTopics.Root);
        Assert.Equal("soundbox/+/cmd", DeviceTopics.AllCommands);
        Assert.Equal("soundbox/+/status", DeviceTopics.AllStatus);
        Assert.Equal("soundbox/+/telemetry", DeviceTopics.AllTelemetry);
        Assert.Equal("soundbox/+/ack", DeviceTopics.AllAcks);
        Assert.Equal("soundbox/+/event", DeviceTopics.AllEvents);
        Assert.Equal("soundbox/#", DeviceTopics.Everything);
    }

    [Theory]
    [InlineData(DeviceTopicKind.Commands)]
    [InlineData(DeviceTopicKind.Status)]
    [InlineData(DeviceTopicKind.Telemetry)]
    [InlineData(DeviceTopicKind.Acks)]
    [InlineData(DeviceTopicKind.Events)]
    public void AllOf_MatchesItsKindOnly(DeviceTopicKind kind)
    {
        foreach (var other in Enum.GetValues<DeviceTopicKind>())
        {
            Assert.Equal(other == kind, TopicFilter.Matches(DeviceTopics.AllOf(kind), DeviceTopics.Topic(Serial, other)));
        }

        Assert.True(TopicFilter.IsValidFilter(DeviceTopics.AllOf(kind)));
        Assert.True(TopicFilter.Matches(DeviceTopics.Everything, DeviceTopics.Topic(Serial, kind)));
    }

    [Theory]
    [InlineData("VNS52508000001")]
    [InlineData("A0")]
    [InlineData("test-device.1")]
    [InlineData("loa-cửa-hàng")]
    [InlineData("$x")]
    public void TryParse_EveryBuiltTopic_GivesBackSerialAndKind(string serial)
    {
        foreach (var kind in Enum.GetValues<DeviceTopicKind>())
        {
            var topic = DeviceTopics.Topic(serial, kind);

            Assert.True(DeviceTopics.TryParse(topic, out var parsedSerial, out var parsedKind), topic);
            Assert.Equal(serial, parsedSerial);
            Assert.Equal(kind, parsedKind);
            Assert.True(TopicFilter.IsValidTopicName(topic));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("soundbox")]
    [InlineData("soundbox/")]
    [InlineData("soundbox/VNS1")]
    [InlineData("soundbox/VNS1/")]
    [InlineData("soundbox//status")]                    // empty serial
    [InlineData("soundbox/VNS1/status/extra")]          // extra level
    [InlineData("soundbox/VNS1/status/")]
    [InlineData("soundbox/a/VNS1/status")]
    [InlineData("other/VNS1/status")]                   // wrong root
    [InlineData("Soundbox/VNS1/status")]
    [InlineData("/soundbox/VNS1/status")]
    [InlineData("soundboxes/VNS1/status")]
    [InlineData("soundbox/+/status")]                   // wildcards
    [InlineData("soundbox/#")]
    [InlineData("soundbox/VNS1/#")]
    [InlineData("soundbox/VNS1/+")]
    [InlineData("soundbox/VN+S1/status")]
    [InlineData("soundbox/VNS#/status")]
    [InlineData("soundbox/VNS1/Status")]                // levels are case-sensitive
    [InlineData("soundbox/VNS1/commands")]
    [InlineData("soundbox/VNS1/acks")]
    [InlineData("soundbox/VNS1/events")]
    [InlineData("soundbox/VNS1/status ")]
    [InlineData("soundbox/VN\0S1/status")]
    public void TryParse_NotAProtocolTopic_ReturnsFalse(string topic)
    {
        Assert.False(DeviceTopics.TryParse(topic, out var serial, out _));
        Assert.Equal(string.Empty, serial);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(DeviceTopics.TryParse(null!, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("VNS/1")]
    [InlineData("+")]
    [InlineData("VNS#")]
    [InlineData("VN\0S")]
    public void Builders_SerialThatCannotBeALevel_ThrowArgumentException(string serial)
    {
        Assert.Throws<ArgumentException>(() => DeviceTopics.Commands(serial));
        Assert.Throws<ArgumentException>(() => DeviceTopics.Status(serial));
        Assert.Throws<ArgumentException>(() => DeviceTopics.Telemetry(serial));
        Assert.Throws<ArgumentException>(() => DeviceTopics.Acks(serial));
        Assert.Throws<ArgumentException>(() => DeviceTopics.Events(serial));
    }

    [Fact]
    public void Builders_DefaultDeviceSerial_ThrowArgumentException() =>
        Assert.Throws<ArgumentException>(() => DeviceTopics.Status(default(DeviceSerial)));

    [Theory]
    [InlineData(DeviceTopicKind.Commands, QualityOfService.AtLeastOnce, false)]
    [InlineData(DeviceTopicKind.Status, QualityOfService.AtLeastOnce, true)]
    [InlineData(DeviceTopicKind.Telemetry, QualityOfService.AtMostOnce, false)]
    [InlineData(DeviceTopicKind.Acks, QualityOfService.AtLeastOnce, false)]
    [InlineData(DeviceTopicKind.Events, QualityOfService.AtLeastOnce, false)]
    public void QualityAndRetain_FollowTheProtocol(DeviceTopicKind kind, QualityOfService qos, bool retained)
    {
        Assert.Equal(qos, DeviceTopics.QualityOf(kind));
        Assert.Equal(retained, DeviceTopics.IsRetained(kind));
    }

    [Fact]
    public void UndefinedKind_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceTopics.Topic(Serial, (DeviceTopicKind)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceTopics.AllOf((DeviceTopicKind)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeviceTopics.QualityOf((DeviceTopicKind)99));
    }
}
