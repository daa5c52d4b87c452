using SoundBoxSim.Device.Fleet;
using SoundBoxSim.Device.Tests.Support;
using SoundBoxSim.Mqtt.Broker;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Device.Tests.Fleet;

public sealed class DeviceFleetTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fleet_OnTheEmbeddedBroker_SerialsCountUp_AndAllComeOnline()
    {
        await using var broker = new MqttBroker();
        await using var fleet = DeviceFleet.Create(new FleetOptions
        {
            SerialStart = "VNS52508000998",
            Count = 5,
            PowerOnRate = 0,
            ConnectTransport = _ => Task.FromResult<IMqttTransport>(broker.ConnectInMemory()),
            Configure = options => options with { BootTime = TimeSpan.Zero },
        }, DeviceRig.Voice);

        await fleet.PowerOnAllAsync(Token);
        await fleet.WaitAllOnlineAsync(Token);

        Assert.Equal(["VNS52508000998", "VNS52508000999", "VNS52508001000", "VNS52508001001", "VNS52508001002"], fleet.Devices.Select(d => d.Serial));
        Assert.Equal(5, fleet.OnlineCount);
        Assert.Same(fleet.Devices[2], fleet.Find("VNS52508001000"));
        Assert.Null(fleet.Find("VNS00000000001"));
        Assert.Equal(5, broker.Metrics.ConnectedClients);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DeviceFleet.MaxCount + 1)]
    public void Create_CountOutOfRange_SaysTheRange(int count)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceFleet.Create(new FleetOptions
        {
            Count = count,
            ConnectTransport = _ => throw new InvalidOperationException(),
        }, DeviceRig.Voice));

        Assert.Contains("from 1 to 100,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAndRemove_ChangeTheFleet_AndTheOnlineCountFollows()
    {
        await using var broker = new MqttBroker();
        await using var fleet = DeviceFleet.Create(new FleetOptions
        {
            Count = 2,
            PowerOnRate = 0,
            ConnectTransport = _ => Task.FromResult<IMqttTransport>(broker.ConnectInMemory()),
            Configure = options => options with { BootTime = TimeSpan.Zero },
        }, DeviceRig.Voice);
        await fleet.PowerOnAllAsync(Token);
        await fleet.WaitAllOnlineAsync(Token);

        var added = fleet.Add("VNS52508000100", options => options with { Model = "S3" });
        added.PowerOn();
        await fleet.WaitAllOnlineAsync(Token);

        Assert.Equal("VNS52508000100", added.Serial);
        Assert.Equal("S3", added.Model);
        Assert.Same(added, fleet.Find("VNS52508000100"));
        Assert.Equal(3, fleet.OnlineCount);
        Assert.Contains("already", Assert.Throws<ArgumentException>(() => fleet.Add("VNS52508000001")).Message, StringComparison.Ordinal);

        Assert.True(await fleet.RemoveAsync("VNS52508000001"));
        Assert.False(await fleet.RemoveAsync("VNS52508000001"));
        Assert.Null(fleet.Find("VNS52508000001"));
        Assert.Equal(["VNS52508000002", "VNS52508000100"], fleet.Devices.Select(d => d.Serial));
        Assert.Equal(2, fleet.OnlineCount);
    }
}
