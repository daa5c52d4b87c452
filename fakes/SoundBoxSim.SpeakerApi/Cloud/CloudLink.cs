using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>
/// The fake cloud's MQTT side: one persistent client that sends commands (QoS 1) and hears every device's status, acks
/// and events. It reaches the devices only over the wire, with the protocol in emulator/asyncapi.yaml.
/// </summary>
public sealed class CloudLink : IAsyncDisposable
{
    private readonly MqttClient _client;

    /// <summary>Creates the link; <see cref="StartAsync"/> connects it.</summary>
    public CloudLink(Func<CancellationToken, Task<IMqttTransport>> connect, TimeProvider time, MqttLogger? log = null, string clientId = "sbsim-speaker-api")
    {
        _client = new MqttClient(new MqttClientOptions
        {
            ClientId = clientId,
            CleanSession = false, // acks sent while the fake was restarting still arrive
            ConnectTransport = connect,
            TimeProvider = time,
            KeepAlive = TimeSpan.FromSeconds(60),
            Logger = log,
        });
        _client.MessageReceived = OnMessageAsync;
    }

    /// <summary>A device's status (retained, or its Will).</summary>
    public event Action<DeviceStatus>? StatusReceived;

    /// <summary>A device's command acknowledgement.</summary>
    public event Action<DeviceAck>? AckReceived;

    /// <summary>Whether the link is up.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects and subscribes to every device's status, acks and events.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _client.ConnectAsync(cancellationToken);
        await _client.SubscribeAsync(
            [
                new TopicSubscription(DeviceTopics.AllStatus, QualityOfService.AtLeastOnce),
                new TopicSubscription(DeviceTopics.AllAcks, QualityOfService.AtLeastOnce),
            ],
            cancellationToken);
    }

    /// <summary>Sends a command to a device (QoS 1; its persistent session keeps it while it is away).</summary>
    public Task SendAsync(string serial, DeviceCommand command, CancellationToken cancellationToken = default) =>
        _client.PublishAsync(DeviceTopics.Commands(serial), DeviceCommandCodec.Write(command), QualityOfService.AtLeastOnce, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private ValueTask OnMessageAsync(PublishPacket message, CancellationToken cancellationToken)
    {
        if (DeviceTopics.TryParse(message.Topic, out _, out var kind))
        {
            switch (kind)
            {
                case DeviceTopicKind.Status when DeviceEventCodec.ReadStatus(message.Payload.Span) is { } status:
                    StatusReceived?.Invoke(status);
                    break;
                case DeviceTopicKind.Acks when DeviceEventCodec.ReadAck(message.Payload.Span) is { } ack:
                    AckReceived?.Invoke(ack);
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }
}
