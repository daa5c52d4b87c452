using System.Globalization;
using System.Text;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Mqtt.Tests.Client.Interop;

/// <summary>
/// Our <see cref="MqttClient"/>'s sessions and redelivery against the real Mosquitto: the client's connection
/// killed while Mosquitto queues for it, and Mosquitto killed while the client waits for a PUBACK.
/// </summary>
public sealed class MosquittoSessionInteropTests
{
    private const string SpeakerId = "VNS52508000002";

    [Fact]
    public async Task Reconnect_PersistentSessionAfterKill_SessionPresentAndQueuedQoS1InOrder()
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        var connector = mqtt.Connector(holdReconnects: true);
        var client = mqtt.CreateClient(SpeakerId, b => b.WithCleanSession(false)
            .WithReconnect(true, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)), connector);
        var inbox = new MessageInbox(client);
        Assert.False(await mqtt.ConnectAsync(client));
        await mqtt.Within(client.SubscribeAsync($"speakers/{SpeakerId}/notify", QualityOfService.AtLeastOnce, mqtt.Ct), "SUBACK");
        var lost = MosquittoInterop.NextChange(client, connected: false);
        var back = MosquittoInterop.NextChange(client, connected: true);
        var from = mqtt.Broker.Log.Count;

        connector.KillCurrent();
        await mqtt.Within(lost, "our client to notice the dead connection");
        await mqtt.LogLineAsync($"Client {SpeakerId} closed its connection.", from);
        string[] sent = [.. Enumerable.Range(1, 5).Select(i => $"{{\"seq\":{i},\"amount\":{i * 10_000}}}")];
        foreach (var text in sent)
        {
            await mqtt.PublishAsync($"speakers/{SpeakerId}/notify", text, new MosquittoPublishOptions { Qos = 1 });
        }

        connector.AllowReconnects();

        Assert.True((await mqtt.Within(back, "our client to reconnect")).SessionPresent);
        var queued = await mqtt.Within(inbox.WaitForAsync(sent.Length, mqtt.Ct), "the messages queued while away");
        // A marker sent now arrives next: nothing was delivered twice in between.
        await mqtt.PublishAsync($"speakers/{SpeakerId}/notify", "marker", new MosquittoPublishOptions { Qos = 1 });
        var all = await mqtt.Within(inbox.WaitForAsync(sent.Length + 1, mqtt.Ct), "the marker");
        Assert.Equal(
            [.. sent.Select(text => ($"speakers/{SpeakerId}/notify", text, QualityOfService.AtLeastOnce, false, false))],
            queued.Select(m => (m.Topic, Encoding.UTF8.GetString(m.Payload.Span), m.QoS, m.Retain, m.Dup)));
        Assert.Equal("marker", Encoding.UTF8.GetString(all[^1].Payload.Span));
        Assert.Equal(1L, client.Metrics.Reconnects);
    }

    [Fact]
    public async Task PublishAsync_QoS1InFlightWhenMosquittoKilled_ResentWithDupAfterRestart()
    {
        await using var mqtt = await MosquittoInterop.StartAsync();
        var connector = mqtt.Connector(holdReconnects: true);
        var client = mqtt.CreateClient(SpeakerId,
            b => b.WithReconnect(true, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)), connector);
        await mqtt.ConnectAsync(client);
        var lost = MosquittoInterop.NextChange(client, connected: false);
        var back = MosquittoInterop.NextChange(client, connected: true);
        var topic = $"speakers/{SpeakerId}/ack";
        var payload = "{\"tx\":\"FT25123\",\"played\":true}"u8.ToArray();

        // Frozen, Mosquitto takes the PUBLISH into its socket but can never answer; then it dies with it.
        await mqtt.Within(SignalAsync("-STOP", mqtt.Broker.ProcessId, mqtt.Ct), "kill -STOP");
        var publishing = client.PublishAsync(topic, payload, QualityOfService.AtLeastOnce, cancellationToken: mqtt.Ct);
        Assert.Equal((1, false), (client.Metrics.Inflight, publishing.IsCompleted));
        await mqtt.Broker.KillAsync();
        await mqtt.Within(lost, "our client to notice Mosquitto died");

        // Persistence is off: the restarted Mosquitto knows nothing of the message; only our client can send it.
        await mqtt.Within(mqtt.Broker.RestartAsync(mqtt.Ct), "Mosquitto to restart");
        var from = mqtt.Broker.Log.Count;
        await using var sub = await mqtt.StartSubscriberAsync(topic, 1, new MosquittoSubscribeOptions { Qos = 1 });
        connector.AllowReconnects();

        await mqtt.Within(publishing, "the PUBACK of the re-sent publish");
        var message = Assert.Single(await mqtt.MessagesAsync(sub));
        Assert.Equal((topic, Convert.ToHexString(payload), 1, false), (message.Topic, Convert.ToHexString(message.Payload), message.Qos, message.Retained));
        Assert.False((await mqtt.Within(back, "the reconnect event")).SessionPresent);
        Assert.Contains(mqtt.LogFrom(from), l => l.StartsWith($"Received PUBLISH from {SpeakerId} (d1, q1, r0, m", StringComparison.Ordinal)
            && l.EndsWith($", '{topic}', ... ({payload.Length} bytes))", StringComparison.Ordinal));
        Assert.Equal((0, 1L, 2L), (client.Metrics.Inflight, client.Metrics.Reconnects, client.Metrics.MessagesSent));
    }

    private static async Task SignalAsync(string signal, int processId, CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(ExternalTool.Require("kill", "procps"), [signal, processId.ToString(CultureInfo.InvariantCulture)],
            cancellationToken: cancellationToken)).EnsureSuccess($"kill {signal} {processId}");
}
