using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Device.Tests.Support;

/// <summary>The cloud's side in device tests: sends commands and records everything devices publish, parsed.</summary>
internal sealed class CloudProbe : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly Pulse _pulse;
    private readonly Lock _sync = new();
    private readonly List<DeviceAck> _acks = [];
    private readonly List<object> _events = [];
    private readonly Dictionary<string, DeviceStatus> _status = [];
    private readonly List<DeviceTelemetry> _telemetry = [];
    private int _commands;

    private CloudProbe(MqttClient client, Pulse pulse)
    {
        _client = client;
        _pulse = pulse;
        client.MessageReceived = OnMessage;
    }

    public static async Task<CloudProbe> StartAsync(Func<CancellationToken, Task<IMqttTransport>> connect, Pulse pulse, CancellationToken token)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            ClientId = $"cloud-{Guid.NewGuid():N}",
            ConnectTransport = connect,
            KeepAlive = TimeSpan.Zero,
            AutoReconnect = false,
        });
        var probe = new CloudProbe(client, pulse);
        await client.ConnectAsync(token);
        await client.SubscribeAsync($"{DeviceTopics.Root}/#", QualityOfService.AtLeastOnce, token);
        return probe;
    }

    public IReadOnlyList<DeviceAck> Acks(string serial)
    {
        lock (_sync) { return [.. _acks.Where(ack => ack.Serial == serial)]; }
    }

    public IReadOnlyList<T> Events<T>(string serial)
    {
        lock (_sync) { return [.. _events.OfType<T>().Where(e => SerialOf(e!) == serial)]; }
    }

    public DeviceStatus? Status(string serial)
    {
        lock (_sync) { return _status.GetValueOrDefault(serial); }
    }

    public IReadOnlyList<DeviceTelemetry> Telemetry(string serial)
    {
        lock (_sync) { return [.. _telemetry.Where(t => t.Serial == serial)]; }
    }

    /// <summary>Sends a command; returns its id.</summary>
    public async Task<string> SendAsync(string serial, Func<string, DeviceCommand> command, CancellationToken token)
    {
        var id = $"c{Interlocked.Increment(ref _commands)}";
        await SendRawAsync(serial, DeviceCommandCodec.Write(command(id)), token);
        return id;
    }

    public Task SendRawAsync(string serial, byte[] payload, CancellationToken token) =>
        _client.PublishAsync(DeviceTopics.Commands(serial), payload, QualityOfService.AtLeastOnce, cancellationToken: token);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static string? SerialOf(object e) => e switch
    {
        AnnouncementEvent a => a.Serial,
        StateChangedEvent s => s.Serial,
        ButtonEvent b => b.Serial,
        StaleDroppedEvent d => d.Serial,
        _ => null,
    };

    private ValueTask OnMessage(PublishPacket message, CancellationToken token)
    {
        if (DeviceTopics.TryParse(message.Topic, out var serial, out var kind))
        {
            var payload = message.Payload.Span;
            lock (_sync)
            {
                switch (kind)
                {
                    case DeviceTopicKind.Acks when DeviceEventCodec.ReadAck(payload) is { } ack:
                        _acks.Add(ack);
                        break;
                    case DeviceTopicKind.Events when DeviceEventCodec.ReadEvent(payload) is { } e:
                        _events.Add(e);
                        break;
                    case DeviceTopicKind.Status when DeviceEventCodec.ReadStatus(payload) is { } status:
                        _status[serial] = status;
                        break;
                    case DeviceTopicKind.Telemetry when DeviceEventCodec.ReadTelemetry(payload) is { } telemetry:
                        _telemetry.Add(telemetry);
                        break;
                }
            }
        }

        _pulse.Beat();
        return ValueTask.CompletedTask;
    }
}
