using System.Net.Http.Json;
using System.Text.Json;

namespace SoundBoxSim.Host.Tests;

public sealed class SimulatorTests
{
    [Theory]
    [InlineData("0.0.0.0", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::", "[::1]")]
    public async Task TheUrlsItReports_CanBeCalled_EvenWhenListeningOnEveryInterface(string bind, string reported)
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { Devices = 1, HttpPort = 0,
        SePayPort = 0, MqttPort = 0, Bind = bind }, TestContext.Current.CancellationToken);

        Assert.Equal(reported, simulator.BaseAddress.Host);
        Assert.StartsWith($"mqtt://{reported}:", simulator.Mqtt, StringComparison.Ordinal);
        using var http = new HttpClient();
        var devices = await http.GetFromJsonAsync<JsonElement>($"{simulator.Control}/devices", TestContext.Current.CancellationToken);
        Assert.Equal(1, devices.GetArrayLength());
    }
}
