using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Memory;
using SoundBoxSim.Device.Network;
using SoundBoxSim.Device.Power;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.States;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Voice;

namespace SoundBoxSim.Device;

/// <summary>
/// One emulated SePay SoundBox. Inputs (buttons, mains, battery, signal, cloud commands, timers) may come from any
/// thread; each is handled under the device's lock by the state machine, run to completion, so the device is always
/// in one well-defined state. What it tells the cloud goes out over its own MQTT client, in order.
/// </summary>
/// <remarks>Handlers of <see cref="Activity"/> run under the device's lock: they must be quick and must not wait on other threads.</remarks>
public sealed partial class SpeakerDevice : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly SpeakerDeviceOptions _options;
    private readonly TimeProvider _time;
    private readonly SpeakerVoice _voice;
    private readonly IDeviceMemoryStore _memoryStore;
    private readonly StateMachine<DeviceState, DeviceTrigger, SpeakerDevice> _machine;
    private bool _disposed;

    /// <summary>Builds a device, switched off; <see cref="PowerOn"/> starts it.</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public SpeakerDevice(SpeakerDeviceOptions options, SpeakerVoice voice)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Serial = DeviceSerial.Parse(options.Serial).ToString();
        _options = options;
        _time = options.TimeProvider;
        _voice = voice ?? throw new ArgumentNullException(nameof(voice));
        _memoryStore = options.Memory ?? new InMemoryDeviceMemoryStore();
        _memory = _memoryStore.Load(Serial) ?? DeviceMemory.Fresh(options.DefaultVolume);
        _played = new DedupeWindow(options.DedupeWindow, _memory.PlayedRequestIds);
        Battery = new Battery(options.Power, _time, options.BatteryPercent, options.MainsConnected);
        Battery.SetDraw(PowerDraw.Off, _memory.Volume);
        Battery.Empty += (_, _) => OnBatteryEmpty();
        Battery.LowBattery += (_, _) => OnLowBattery();
        Link = new CellularLink(options.Signal);
        Link.AvailabilityChanged += (_, up) => OnLinkAvailability(up);
        _machine = new StateMachine<DeviceState, DeviceTrigger, SpeakerDevice>(Machine, this, DeviceState.Off);
        _machine.Transitioned += OnTransitioned;
    }

    /// <summary>The serial (the Speaker API's <c>hardwareId</c>; also its MQTT client id).</summary>
    public string Serial { get; }

    /// <summary>The model name.</summary>
    public string Model => _options.Model;

    /// <summary>The battery and mains model (read it; change it through <see cref="SetMains"/> and <see cref="SetBatteryPercent"/>).</summary>
    public Battery Battery { get; }

    /// <summary>The 4G link (read it; change it through <see cref="SetSignal"/> and <see cref="SetLinkImpairment"/>).</summary>
    public CellularLink Link { get; }

    /// <summary>
    /// Everything the device reports, as the records it publishes: <see cref="StateChangedEvent"/>,
    /// <see cref="AnnouncementEvent"/> (when one ends), <see cref="ButtonEvent"/>, <see cref="StaleDroppedEvent"/>,
    /// <see cref="DeviceAck"/>, and <see cref="Announcement"/> when one starts.
    /// </summary>
    public event Action<SpeakerDevice, object>? Activity;

    /// <summary>The current state.</summary>
    public DeviceState State
    {
        get { lock (_gate) { return _machine.State; } }
    }

    /// <summary>A consistent picture of the device now.</summary>
    public DeviceSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new DeviceSnapshot(Serial, Model, _options.Firmware, _machine.State, _connected, _memory.Partner,
                Math.Round(Battery.Percent, 1), Battery.Charging, Battery.MainsConnected, Link.Signal, _memory.Volume,
                _queue.Count + (_playing is null ? 0 : 1), _time.GetUtcNow());
        }
    }

    /// <summary>The announcements in this device's history, oldest first.</summary>
    public IReadOnlyList<Announcement> Announcements()
    {
        lock (_gate)
        {
            return [.. _history];
        }
    }

    /// <summary>Forgets the announcement history (the control API's reset); what is playing or queued goes on.</summary>
    public void ClearHistory()
    {
        lock (_gate)
        {
            _history.Clear();
        }
    }

    /// <summary>Switches the device on (as a shop owner would); it boots when it has mains or battery.</summary>
    public void PowerOn()
    {
        lock (_gate)
        {
            if (_machine.State == DeviceState.Off)
            {
                _machine.TryFire(Battery.MainsConnected ? DeviceTrigger.MainsOn : DeviceTrigger.PowerPressed);
            }
        }
    }

    /// <summary>Connects or disconnects mains power (a power cut); the device boots when power returns to a dead device.</summary>
    public void SetMains(bool connected)
    {
        lock (_gate)
        {
            if (Battery.MainsConnected == connected)
            {
                return;
            }

            Battery.SetMains(connected);
            if (_machine.State == DeviceState.Off)
            {
                if (connected)
                {
                    _machine.TryFire(DeviceTrigger.MainsOn);
                }

                return;
            }

            Say(SystemPhrase(connected ? Voice.Phrases.PhraseKeys.PowerRestored : Voice.Phrases.PhraseKeys.OnBattery));
            PublishTelemetry();
        }
    }

    /// <summary>Sets the battery level (control API, tests); at 0 % without mains the device dies.</summary>
    public void SetBatteryPercent(double percent)
    {
        lock (_gate)
        {
            Battery.SetPercent(percent);
            PublishTelemetry();
        }
    }

    /// <summary>Sets the 4G signal; 0 bars cuts the network (the device reconnects with backoff when it returns).</summary>
    public void SetSignal(int bars)
    {
        Link.SetSignal(bars); // raises AvailabilityChanged outside our lock
        lock (_gate)
        {
            PublishTelemetry();
        }
    }

    /// <summary>Injects latency and loss between the device and the broker.</summary>
    public void SetLinkImpairment(TimeSpan latency, double loss) => Link.SetImpairment(latency, loss);

    /// <summary>Renders an announcement's audio again, as a WAV file.</summary>
    public async Task<byte[]> RenderWavAsync(Announcement announcement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var audio = await _voice.Synthesizer.SynthesizeAsync(announcement.Utterance, cancellationToken);
        return Voice.Audio.WaveFile.ToBytes(audio);
    }

    /// <summary>Switches off at once (no goodbye) and releases the MQTT client and timers.</summary>
    public async ValueTask DisposeAsync()
    {
        Mqtt.Client.MqttClient? client;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_machine.State != DeviceState.Off)
            {
                PowerDown(graceful: false);
            }

            client = _client;
            _client = null;
        }

        Battery.Dispose();
        if (client is not null)
        {
            await client.DisposeAsync();
        }
    }

    private void Emit(object activity)
    {
        try
        {
            Activity?.Invoke(this, activity);
        }
        catch (Exception ex) // An observer's bug must not break the device; it is logged.
        {
            Log(MqttLogLevel.Error, $"an Activity handler threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Log(MqttLogLevel level, string message) => _options.Log?.Invoke(level, $"device {Serial}: {message}");
}
