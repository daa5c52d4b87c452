using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests;

public sealed class MqttBrokerAuthorizeTests
{
    private static MqttBrokerOptions OwnBranchOnly(MqttBrokerOptions options) => options with
    {
        Authorize = (clientId, _, topic, _) => clientId == "cloud" || topic.StartsWith($"devices/{clientId}/", StringComparison.Ordinal),
    };

    [Fact]
    public async Task Authorize_SubscribeOutsideOwnBranch_Refused0x80PerFilter()
    {
        await using var harness = new BrokerHarness(OwnBranchOnly);
        await using var device = await harness.ConnectAsync("SB-1");

        await device.SendAsync(new SubscribePacket(5,
            new TopicSubscription("devices/SB-1/notify", QualityOfService.AtLeastOnce),
            new TopicSubscription("devices/SB-2/notify", QualityOfService.AtLeastOnce),
            new TopicSubscription("devices/#", QualityOfService.AtMostOnce)));

        Assert.Equal(new SubAckPacket(5, SubAckReturnCode.SuccessMaximumQoS1, SubAckReturnCode.Failure, SubAckReturnCode.Failure),
            await device.ExpectAsync<SubAckPacket>());
        Assert.Equal(1, harness.Broker.Metrics.Subscriptions);
    }

    [Fact]
    public async Task Authorize_PublishOutsideOwnBranch_AckedButDroppedAndCounted()
    {
        await using var harness = new BrokerHarness(OwnBranchOnly);
        await using var cloud = await harness.ConnectAsync("cloud");
        await cloud.SubscribeAsync("devices/#");
        await using var device = await harness.ConnectAsync("SB-1");

        await device.PublishAsync("devices/SB-2/notify", "spoof", QualityOfService.AtLeastOnce);
        await device.PublishAsync("devices/SB-1/status", "ok", QualityOfService.AtLeastOnce, packetId: 2);

        Assert.Equal("devices/SB-1/status", (await cloud.ExpectAsync<PublishPacket>()).Topic);
        Assert.Equal(1, harness.Broker.Metrics.DeniedPublishes);
    }

    [Fact]
    public async Task Authorize_WillOutsideOwnBranch_ConnectRefused0x05()
    {
        await using var harness = new BrokerHarness(OwnBranchOnly);
        await using var device = harness.Open();

        var connAck = await device.ConnectAsync(RawClient.Connect("SB-1", will: new WillMessage("devices/SB-2/status", "x"u8.ToArray())));

        Assert.Equal(ConnectReturnCode.NotAuthorized, connAck.ReturnCode);
        await device.ExpectClosedAsync();
    }

    [Fact]
    public async Task Authorize_CallbackGetsUserName()
    {
        var seen = new List<(string, string?, string, TopicAccess)>();
        await using var harness = new BrokerHarness(options => options with
        {
            Authorize = (clientId, user, topic, access) =>
            {
                lock (seen)
                {
                    seen.Add((clientId, user, topic, access));
                }

                return true;
            },
        });
        await using var device = harness.Open();
        await device.ConnectAsync(new ConnectPacket("SB-1") { UserName = "u" });

        await device.SubscribeAsync("a/+");
        await device.PublishAsync("a/b", "x");
        await device.ExpectAsync<PublishPacket>();

        Assert.Equal([("SB-1", "u", "a/+", TopicAccess.Subscribe), ("SB-1", "u", "a/b", TopicAccess.Publish)], seen);
    }

    [Fact]
    public async Task Authorize_CallbackThrows_TreatedAsNoAndLogged()
    {
        await using var harness = new BrokerHarness(options => options with { Authorize = (_, _, _, _) => throw new InvalidOperationException("acl db down") });
        harness.AllowErrors = true;
        await using var device = await harness.ConnectAsync("SB-1");

        Assert.Equal([SubAckReturnCode.Failure], (await device.SubscribeAsync("a")).ReturnCodes);
        Assert.Contains(harness.Lines(MqttLogLevel.Error), line => line.Contains("acl db down", StringComparison.Ordinal));
    }
}
