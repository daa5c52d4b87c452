using SoundBoxSim.Device.Network;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Device;

/// <summary>
/// The device's side of the device-cloud protocol (emulator/asyncapi.yaml): a persistent MQTT session with the serial as
/// client id, a retained status with an offline Will, telemetry, acks and events; commands come on its own topic.
/// Everything it sends is published in order from under the device's lock, and passes the 4G link's delays.
/// </summary>
public sealed partial class SpeakerDevice
{
    private MqttClient? _client;
    private CuttableTransport? _transport;
    private CancellationTokenSource? _cloudStop;
    private ITimer? _telemetryTimer;
    private bool _connected;
    private bool _everConnected;
    private LinkDelay? _uplink;
    private LinkDelay? _downlink;

    /// <summary>Whether its MQTT session to the cloud is up.</summary>
    public bool IsOnline
    {
        get { lock (_gate) { return _connected; } }
    }

    /// <summary>Raised (under the device's lock) when its MQTT session comes up or goes down.</summary>
    public event Action<SpeakerDevice, bool>? ConnectionChanged;

    private void SetConnected(bool connected)
    {
        if (_connected != connected)
        {
            _connected = connected;
            ConnectionChanged?.Invoke(this, connected);
        }
    }

    private TimeSpan StaleAfter { get; set; }

    private TimeSpan TelemetryInterval { get; set; }

    /// <summary>Starts the MQTT client after boot; it keeps (re)connecting with backoff until the device is off.</summary>
    private void StartCloud()
    {
        StaleAfter = _options.StaleAfter;
        TelemetryInterval = _options.TelemetryInterval;
        _uplink ??= new LinkDelay(_time, Link);
        _downlink ??= new LinkDelay(_time, Link);
        var stop = new CancellationTokenSource();
        var offline = DeviceEventCodec.Write(new DeviceStatus(Serial, Model, false, "Offline", _options.Firmware, _time.GetUtcNow()));
        var client = new MqttClient(new MqttClientOptions
        {
            ClientId = Serial,
            CleanSession = false, // commands sent while the device is briefly away wait in the broker
            KeepAlive = _options.KeepAlive,
            Will = new WillMessage(DeviceTopics.Status(Serial), offline) { QoS = QualityOfService.AtLeastOnce, Retain = true },
            ConnectTransport = cancellationToken => ConnectThroughLinkAsync(stop.Token, cancellationToken),
            AutoReconnect = true,
            ReconnectMinDelay = _options.ReconnectMinDelay,
            ReconnectMaxDelay = _options.ReconnectMaxDelay,
            TimeProvider = _time,
            Logger = _options.Log is { } log ? (level, message) => log(level, $"device {Serial} mqtt: {message}") : null,
        });
        client.MessageReceived = OnMessageAsync;
        client.ConnectionStateChanged += OnConnectionStateChanged;
        _client = client;
        _cloudStop = stop;
        _ = ConnectLoopAsync(client, stop.Token);
    }

    /// <summary>Every (re)connect of the client goes through here: no signal, no connection; a client of a previous power-on never connects again.</summary>
    private async Task<IMqttTransport> ConnectThroughLinkAsync(CancellationToken stopped, CancellationToken cancellationToken)
    {
        if (stopped.IsCancellationRequested)
        {
            throw new IOException($"{Serial} is switched off");
        }

        if (!Link.IsUp)
        {
            throw new IOException($"no 4G signal on {Serial}");
        }

        var transport = new CuttableTransport(await _options.ConnectTransport(cancellationToken));
        lock (_gate)
        {
            _transport = transport;
        }

        return transport;
    }

    /// <summary>The first connection; after it, the client's own automatic reconnect takes over.</summary>
    private async Task ConnectLoopAsync(MqttClient client, CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            try
            {
                await client.ConnectAsync(stop);
                await client.SubscribeAsync(DeviceTopics.Commands(Serial), QualityOfService.AtLeastOnce, stop);
                return;
            }
            catch (Exception ex) when (ex is MqttConnectException or MqttClientNotConnectedException or IOException or System.Net.Sockets.SocketException)
            {
                Log(MqttLogLevel.Debug, $"cannot reach the cloud yet ({ex.Message})");
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                await Task.Delay(ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared.NextDouble()), _time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnConnectionStateChanged(object? sender, ConnectionStateChangedEventArgs change)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(sender, _client) || _connected == change.IsConnected)
            {
                return;
            }

            SetConnected(change.IsConnected);
            if (change.IsConnected)
            {
                Log(MqttLogLevel.Information, "online");
                _machine.TryFire(DeviceTrigger.Connected);
                PublishStatus();
                PublishTelemetry();
                ArmTelemetry();
                if (_everConnected)
                {
                    Say(SystemPhrase(PhraseKeys.NetworkRestored));
                }

                _everConnected = true;
            }
            else
            {
                Log(MqttLogLevel.Information, $"offline ({change.Reason})");
                _telemetryTimer?.Dispose();
                _telemetryTimer = null;
                _machine.TryFire(DeviceTrigger.Disconnected);
                Say(SystemPhrase(PhraseKeys.NetworkLost));
            }
        }
    }

    private void OnLinkAvailability(bool up)
    {
        CuttableTransport? cut = null;
        lock (_gate)
        {
            if (!up && _client is not null)
            {
                cut = _transport;
                Log(MqttLogLevel.Information, "4G signal lost");
            }
        }

        cut?.Cut(); // outside the lock: the client reacts on its own threads
    }

    /// <summary>Leaves the cloud: gracefully (offline status, then DISCONNECT) or as a dead battery does (the broker publishes the Will).</summary>
    private void StopCloud(bool graceful)
    {
        var client = _client;
        var transport = _transport;
        _client = null;
        _transport = null;
        SetConnected(false);
        _everConnected = false;
        _telemetryTimer?.Dispose();
        _telemetryTimer = null;
        _cloudStop?.Cancel();
        _cloudStop = null;
        if (client is null)
        {
            return;
        }

        client.ConnectionStateChanged -= OnConnectionStateChanged;
        client.MessageReceived = null;
        if (graceful)
        {
            // After what is already on its way up (the offline status), like any other message.
            _uplink!.Post(() => _ = CloseClientAsync(client));
            return;
        }

        // A dead device sends nothing more, DISCONNECT included: the connection is cut, and the client is disposed only
        // once it has noticed, so the broker sees a lost connection and publishes the Will.
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, change) =>
        {
            if (!change.IsConnected)
            {
                lost.TrySetResult();
            }
        };
        if (client.IsConnected && transport is not null)
        {
            transport.Cut();
        }
        else
        {
            lost.TrySetResult();
        }

        _ = AbandonClientAsync(client, lost.Task);
    }

    private static async Task CloseClientAsync(MqttClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync();
            }
        }
        catch (Exception ex) when (ex is MqttClientNotConnectedException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Already gone; disposing below is all that is left.
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    private static async Task AbandonClientAsync(MqttClient client, Task lost)
    {
        await lost.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(static _ => { }, TaskScheduler.Default);
        await client.DisposeAsync();
    }

    private void ArmTelemetry()
    {
        _telemetryTimer?.Dispose();
        _telemetryTimer = _time.CreateTimer(_ =>
        {
            lock (_gate)
            {
                PublishTelemetry();
            }
        }, null, TelemetryInterval, TelemetryInterval);
    }

    private void PublishStatus()
    {
        if (_client is null || !_connected)
        {
            return; // the retained status is sent again on connect; while away, the Will speaks for the device
        }

        var status = new DeviceStatus(Serial, Model, _machine.State != DeviceState.Off, _machine.State.ToString(), _options.Firmware, _time.GetUtcNow());
        Publish(DeviceTopics.Status(Serial), DeviceEventCodec.Write(status), QualityOfService.AtLeastOnce, retain: true);
    }

    private void PublishTelemetry()
    {
        if (_client is null || !_connected)
        {
            return; // QoS 0: a reading taken while away is worthless later
        }

        var telemetry = new DeviceTelemetry(Serial, _time.GetUtcNow(), _machine.State.ToString(), Math.Round(Battery.Percent, 1),
            Battery.Charging, Battery.MainsConnected, Link.Signal, _memory.Volume, IsPaired, _memory.Partner);
        Publish(DeviceTopics.Telemetry(Serial), DeviceEventCodec.Write(telemetry), QualityOfService.AtMostOnce, retain: false);
    }

    private void PublishEvent(byte[] payload)
    {
        if (_client is not null)
        {
            Publish(DeviceTopics.Events(Serial), payload, QualityOfService.AtLeastOnce, retain: false);
        }
    }

    private void PublishAck(DeviceAck ack)
    {
        Emit(ack);
        if (_client is not null)
        {
            Publish(DeviceTopics.Acks(Serial), DeviceEventCodec.Write(ack), QualityOfService.AtLeastOnce, retain: false);
        }
    }

    /// <summary>Publishes through the uplink's delay; QoS 1 waits in the client while it reconnects, so acks are not lost.</summary>
    private void Publish(string topic, byte[] payload, QualityOfService qos, bool retain)
    {
        var client = _client!;
        _uplink!.Post(() =>
        {
            if (qos == QualityOfService.AtMostOnce && !client.IsConnected)
            {
                return;
            }

            Observe(client.PublishAsync(topic, payload, qos, retain), topic);
        });
    }

    private void Observe(Task publish, string topic)
    {
        if (publish.IsCompletedSuccessfully)
        {
            return;
        }

        publish.ContinueWith(
            static (task, state) =>
            {
                var (device, topic) = ((SpeakerDevice, string))state!;
                if (task.Exception?.GetBaseException() is { } error and not ObjectDisposedException and not MqttClientNotConnectedException)
                {
                    device.Log(MqttLogLevel.Warning, $"publish to {topic} failed: {error.Message}");
                }
            },
            (this, topic), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
