using SoundBoxSim.Mqtt.Client;

namespace SoundBoxSim.Mqtt.Tests.Client;

public sealed class MqttClientOptionsBuilderTests
{
    [Fact]
    public void Build_Defaults_AreDocumentedValues()
    {
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1").WithClientId("VNS52508000001").Build();

        Assert.Equal((true, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), true, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 1_000),
            (options.CleanSession, options.KeepAlive, options.ConnectTimeout, options.AutoReconnect, options.ReconnectMinDelay, options.ReconnectMaxDelay, options.MaxInflight));
    }

    [Fact]
    public void Build_SeveralProblems_ListsThemAll()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithClientId("")
            .WithCleanSession(false)
            .WithKeepAlive(TimeSpan.FromDays(2))
            .WithWill("devices/+/status", "offline"u8.ToArray())
            .WithMaxInflight(0);

        var error = Assert.Throws<ArgumentException>(builder.Build);

        Assert.Contains("no broker", error.Message, StringComparison.Ordinal);
        Assert.Contains("MQTT-3.1.3-7", error.Message, StringComparison.Ordinal);
        Assert.Contains("keep-alive", error.Message, StringComparison.Ordinal);
        Assert.Contains("will topic", error.Message, StringComparison.Ordinal);
        Assert.Contains("in-flight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_ReturnsNewBuilder_LeavingOriginalUnchanged()
    {
        var original = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1").WithClientId("a");

        _ = original.WithClientId("b");

        Assert.Equal("a", original.Build().ClientId);
    }
}
