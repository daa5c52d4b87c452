using System.Text;
using System.Text.Json;
using SoundBoxSim.Mqtt.Broker.Tests.Support;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Mqtt.Broker.Tests;

/// <summary>
/// Interop with a second independent client: the npm <c>mqtt</c> package (MQTT.js), run by
/// <c>tests/tools/mqtt-interop.mjs</c> against our broker on a real TCP port.
/// </summary>
public sealed class NodeMqttInteropTests
{
    private const string Topic = "speakers/NODE-1/notify";

    [Fact]
    public async Task NodeMqttClient_RetainedQoS0AndQoS1_SubscribedAndDeliveredExactly()
    {
        await using var harness = new BrokerHarness(options => options with { Port = 0 });
        await harness.Broker.StartAsync(harness.Token);

        using var result = await RunNodeAsync(harness);

        var root = result.RootElement;
        Assert.Equal([1], root.GetProperty("granted").EnumerateArray().Select(g => g.GetInt32()));
        byte[] binary = [0x00, 0xFF, .. "Đã nhận 10.000 đồng"u8];
        Assert.Equal(
            [
                (Topic, Hex("retained: volume 7"), 1, true, false),
                (Topic, Convert.ToHexString(binary), 0, false, false),
                (Topic, Hex("qos1: 1005000"), 1, false, false),
            ],
            root.GetProperty("received").EnumerateArray().Select(m => (
                m.GetProperty("topic").GetString(),
                m.GetProperty("payloadHex").GetString(),
                m.GetProperty("qos").GetInt32(),
                m.GetProperty("retain").GetBoolean(),
                m.GetProperty("dup").GetBoolean())));
    }

    private static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text));

    private static async Task<JsonDocument> RunNodeAsync(BrokerHarness harness)
    {
        var node = ExternalTool.Require("node", "nodejs");
        var tools = RepoPaths.Combine("tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "mqtt")))
        {
            if ((Environment.GetEnvironmentVariable(ExternalTool.UninstallableVariable) ?? "").Split(' ').Contains("mqtt", StringComparer.Ordinal))
            {
                Assert.Skip("The npm package mqtt is missing and the test command could not install it on this machine.");
            }

            throw new InvalidOperationException("tests/tools/node_modules/mqtt is missing: run ./test.sh, which installs it (npm ci in tests/tools).");
        }

        var port = harness.Broker.LocalEndPoint!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(node, ["mqtt-interop.mjs", "127.0.0.1", port], tools, harness.Token);
        }
        catch (OperationCanceledException ex) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"node mqtt-interop.mjs did not finish within the safety timeout.\nOur broker's log:\n{string.Join('\n', harness.Lines())}", ex);
        }

        result.EnsureSuccess("node mqtt-interop.mjs");
        return JsonDocument.Parse(result.StandardOutput);
    }
}
