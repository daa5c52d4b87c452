using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests.Internal;

public sealed class BrokerLogTests
{
    [Theory]
    [InlineData("plain line", "plain line")]
    [InlineData("a\nb", "a\\u000Ab")]
    [InlineData("tab\there\r", "tab\\u0009here\\u000D")]
    [InlineData("sep\u2028\u0085\u007F", "sep\\u2028\\u0085\\u007F")]
    public void OneLine_ControlCharacters_Escaped(string line, string expected)
    {
        Assert.Equal(expected, BrokerLog.OneLine(line));
    }

    [Fact]
    public void OneLine_VeryLong_Cut()
    {
        var line = BrokerLog.OneLine(new string('x', 70_000));

        Assert.Equal(2_003, line.Length);
        Assert.EndsWith("...", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoSinkOrThrowingSink_DoesNothing()
    {
        new BrokerLog(null).Write(MqttLogLevel.Error, "x");
        new BrokerLog((_, _) => throw new InvalidOperationException()).Write(MqttLogLevel.Error, "x");
    }
}
