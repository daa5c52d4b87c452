using SoundBoxSim.Device.Memory;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Voice;

namespace SoundBoxSim.Device.Fleet;

/// <summary>
/// Many emulated speakers in one process, serials from a range, each with its own MQTT client (over TCP to any
/// broker, or over the embedded broker's in-memory transport to go past the open-file limit).
/// </summary>
public sealed class DeviceFleet : IAsyncDisposable
{
    /// <summary>The largest fleet one process runs.</summary>
    public const int MaxCount = 100_000;

    private readonly Lock _gate = new();
    private readonly FleetOptions _options;
    private readonly SpeakerVoice _voice;
    private readonly IDeviceMemoryStore _memory;
    private Dictionary<string, SpeakerDevice> _bySerial;
    private SpeakerDevice[] _devices;
    private int _online;

    private DeviceFleet(FleetOptions options, SpeakerVoice voice, IDeviceMemoryStore memory, SpeakerDevice[] devices)
    {
        _options = options;
        _voice = voice;
        _memory = memory;
        _devices = devices;
        _bySerial = devices.ToDictionary(device => device.Serial, StringComparer.Ordinal);
        foreach (var device in devices)
        {
            Attach(device);
        }
    }

    /// <summary>The devices: the range in serial order, then any added later. A snapshot: adding or removing makes a new one.</summary>
    public IReadOnlyList<SpeakerDevice> Devices => Volatile.Read(ref _devices);

    /// <summary>How many devices are online right now.</summary>
    public int OnlineCount => Volatile.Read(ref _online);

    /// <summary>Everything any device reports (see <see cref="SpeakerDevice.Activity"/>); handlers must be quick.</summary>
    public event Action<SpeakerDevice, object>? Activity;

    /// <summary>Builds the devices, switched off.</summary>
    /// <exception cref="ArgumentException">The serial or the count is out of range (the message says which).</exception>
    /// <exception cref="FormatException">The start serial is not letters followed by digits.</exception>
    public static DeviceFleet Create(FleetOptions options, SpeakerVoice voice)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count is < 1 or > MaxCount)
        {
            throw new ArgumentException($"A fleet has from 1 to {MaxCount:N0} devices; {options.Count} were asked for.", nameof(options));
        }

        if (options.PowerOnRate < 0)
        {
            throw new ArgumentException("PowerOnRate must be 0 (all at once) or a number of devices per second.", nameof(options));
        }

        var memory = options.Memory ?? new InMemoryDeviceMemoryStore();
        var serials = DeviceSerial.Range(DeviceSerial.Parse(options.SerialStart), options.Count);
        var devices = serials.Select(serial => Build(options, voice, memory, serial.ToString(), null)).ToArray();
        return new DeviceFleet(options, voice, memory, devices);
    }

    /// <summary>Finds a device by serial.</summary>
    public SpeakerDevice? Find(string serial) => Volatile.Read(ref _bySerial).GetValueOrDefault(serial);

    /// <summary>Adds a device (switched off) with the fleet's settings, then <paramref name="configure"/>'s.</summary>
    /// <exception cref="ArgumentException">A device with that serial is already in the fleet, or the fleet is full.</exception>
    /// <exception cref="FormatException">The serial is not letters followed by digits.</exception>
    public SpeakerDevice Add(string serial, Func<SpeakerDeviceOptions, SpeakerDeviceOptions>? configure = null)
    {
        var canonical = DeviceSerial.Parse(serial).ToString();
        lock (_gate)
        {
            if (_bySerial.ContainsKey(canonical))
            {
                throw new ArgumentException($"The fleet already has a device '{canonical}'.", nameof(serial));
            }

            if (_devices.Length >= MaxCount)
            {
                throw new ArgumentException($"The fleet is full ({MaxCount:N0} devices).", nameof(serial));
            }

            var device = Build(_options, _voice, _memory, canonical, configure);
            Attach(device);
            Publish([.. _devices, device]);
            return device;
        }
    }

    /// <summary>
    /// Switches a device off at once and takes it out of the fleet; false when there is no such device. With
    /// <paramref name="forget"/> its memory (pairing, volume, played requestIds) goes too, so the serial comes back factory-fresh.
    /// </summary>
    public async Task<bool> RemoveAsync(string serial, bool forget = false)
    {
        SpeakerDevice? device;
        lock (_gate)
        {
            if (!_bySerial.TryGetValue(serial, out device))
            {
                return false;
            }

            Publish([.. _devices.Where(d => d != device)]);
        }

        await device.DisposeAsync(); // still attached, so its going offline is counted
        device.Activity -= OnActivity;
        device.ConnectionChanged -= OnConnectionChanged;
        if (forget)
        {
            _memory.Forget(serial);
        }

        return true;
    }

    /// <summary>Switches every device on, at <see cref="FleetOptions.PowerOnRate"/> per second.</summary>
    public async Task PowerOnAllAsync(CancellationToken cancellationToken = default)
    {
        var rate = _options.PowerOnRate;
        var started = _options.TimeProvider.GetTimestamp();
        var devices = Devices;
        for (var i = 0; i < devices.Count; i++)
        {
            if (rate > 0 && i > 0 && i % Math.Max(1, rate / 20) == 0)
            {
                // In slices of 50 ms: device i is due at i / rate seconds after the start.
                var due = TimeSpan.FromSeconds((double)i / rate) - _options.TimeProvider.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _options.TimeProvider, cancellationToken);
                }
            }

            devices[i].PowerOn();
        }
    }

    /// <summary>Completes when every device is online.</summary>
    public async Task WaitAllOnlineAsync(CancellationToken cancellationToken = default)
    {
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(SpeakerDevice device, object activity)
        {
            if (OnlineCount == Devices.Count)
            {
                all.TrySetResult();
            }
        }

        Activity += Check;
        try
        {
            Check(null!, this);
            await all.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Activity -= Check;
        }
    }

    /// <summary>Switches everything off at once and releases every client.</summary>
    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(Devices, async (device, _) => await device.DisposeAsync());
    }

    private static SpeakerDevice Build(FleetOptions options, SpeakerVoice voice, IDeviceMemoryStore memory, string serial, Func<SpeakerDeviceOptions, SpeakerDeviceOptions>? configure)
    {
        var deviceOptions = new SpeakerDeviceOptions
        {
            Serial = serial,
            ConnectTransport = options.ConnectTransport,
            TimeProvider = options.TimeProvider,
            Memory = memory,
            Log = options.Log,
        };
        deviceOptions = options.Configure?.Invoke(deviceOptions) ?? deviceOptions;
        return new SpeakerDevice(configure?.Invoke(deviceOptions) ?? deviceOptions, voice);
    }

    private void Attach(SpeakerDevice device)
    {
        device.Activity += OnActivity;
        device.ConnectionChanged += OnConnectionChanged;
    }

    private void Publish(SpeakerDevice[] devices)
    {
        Volatile.Write(ref _bySerial, devices.ToDictionary(d => d.Serial, StringComparer.Ordinal));
        Volatile.Write(ref _devices, devices);
    }

    private void OnActivity(SpeakerDevice device, object activity) => Activity?.Invoke(device, activity);

    private void OnConnectionChanged(SpeakerDevice device, bool online)
    {
        Interlocked.Add(ref _online, online ? 1 : -1);
        Activity?.Invoke(device, online ? ConnectionActivity.Online : ConnectionActivity.Offline);
    }
}

/// <summary>The fleet's own activity record: a device's MQTT session came up or went down.</summary>
public enum ConnectionActivity
{
    /// <summary>The device is online.</summary>
    Online,

    /// <summary>The device is offline.</summary>
    Offline,
}
