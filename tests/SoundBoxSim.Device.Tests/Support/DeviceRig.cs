using SoundBoxSim.Device.Memory;
using SoundBoxSim.Mqtt.Broker;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Mosquitto;
using SoundBoxSim.Voice;

namespace SoundBoxSim.Device.Tests.Support;

/// <summary>
/// A broker (ours in memory, or a real Mosquitto), a cloud probe, a virtual clock and a device memory, for driving
/// emulated speakers through scenarios. Waits are on events (device activity and cloud messages), never on sleeps.
/// </summary>
internal sealed class DeviceRig : IAsyncDisposable
{
    public static readonly SpeakerVoice Voice = SpeakerVoice.Create();
    private static int s_serials;
    private readonly MqttBroker? _embedded;
    private readonly MosquittoBroker? _mosquitto;
    private readonly List<SpeakerDevice> _devices = [];

    private DeviceRig(MqttBroker? embedded, MosquittoBroker? mosquitto)
    {
        _embedded = embedded;
        _mosquitto = mosquitto;
    }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    public InMemoryDeviceMemoryStore Memory { get; } = new();

    public Pulse Pulse { get; } = new();

    public CloudProbe Cloud { get; private set; } = null!;

    public List<string> Log { get; } = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<DeviceRig> StartAsync(BrokerKind kind)
    {
        DeviceRig rig;
        if (kind == BrokerKind.Embedded)
        {
            var broker = new MqttBroker(new MqttBrokerOptions());
            rig = new DeviceRig(broker, null);
        }
        else
        {
            rig = new DeviceRig(null, await MosquittoBroker.StartAsync(cancellationToken: Token));
        }

        rig.Cloud = await CloudProbe.StartAsync(rig.ConnectAsync, rig.Pulse, Token);
        return rig;
    }

    /// <summary>A serial no other test uses (Mosquitto keeps persistent sessions for the fixture's life).</summary>
    public static string NextSerial() => $"VNS{52508000001 + Interlocked.Increment(ref s_serials) + Environment.ProcessId % 1000 * 10_000}";

    public Task<IMqttTransport> ConnectAsync(CancellationToken token) => _embedded is not null
        ? Task.FromResult<IMqttTransport>(_embedded.ConnectInMemory())
        : ConnectTcpAsync(token);

    private async Task<IMqttTransport> ConnectTcpAsync(CancellationToken token) =>
        await SocketTransport.ConnectAsync(_mosquitto!.Host, _mosquitto.Port, token);

    /// <summary>A device on this rig's broker and clock (and the built-in voice unless told), not yet powered on.</summary>
    public SpeakerDevice CreateDevice(Func<SpeakerDeviceOptions, SpeakerDeviceOptions>? configure = null, string? serial = null, SpeakerVoice? voice = null)
    {
        var options = new SpeakerDeviceOptions
        {
            Serial = serial ?? NextSerial(),
            ConnectTransport = ConnectAsync,
            TimeProvider = Time,
            Memory = Memory,
            KeepAlive = TimeSpan.Zero, // virtual days pass in one step; pings would be judged on that clock
            Log = (level, message) => { lock (Log) { Log.Add($"{level}: {message}"); } },
        };
        var device = new SpeakerDevice((configure ?? (o => o))(options), voice ?? Voice);
        device.Activity += (_, _) => Pulse.Beat();
        _devices.Add(device);
        return device;
    }

    /// <summary>Powers <paramref name="device"/> on and waits until it is online (booted, connected, subscribed).</summary>
    public async Task BootAsync(SpeakerDevice device, DeviceState expected = DeviceState.Online)
    {
        device.PowerOn();
        Time.Advance(TimeSpan.FromSeconds(5));
        await AdvanceUntilAsync(() => device.State == expected && device.IsOnline && Cloud.Status(device.Serial)?.Online == true, "device online");
    }

    /// <summary>Pairs an unpaired, online device the way the cloud does (OTP, then pair) and waits for Ready.</summary>
    public async Task PairAsync(SpeakerDevice device, string partner = "partner-a")
    {
        await Cloud.SendAsync(device.Serial, id => new SoundBoxSim.Device.Protocol.PairCommand(id, partner), Token);
        await AdvanceUntilAsync(() => device.State == DeviceState.Ready, "device ready");
    }

    /// <summary>Waits (on events) until <paramref name="condition"/> holds, without moving the clock.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            var next = Pulse.Next;
            if (condition())
            {
                return;
            }

            var remaining = TimeSpan.FromSeconds(20) - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"waited 20 s for {what}; log:\n{string.Join('\n', Log.TakeLast(30))}");
            }

            await next.WaitAsync(remaining, Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Moves the clock a step at a time until <paramref name="condition"/> holds (at most <paramref name="limit"/> of
    /// virtual time), giving the devices' asynchronous work (connects over the broker) a chance between steps: after each
    /// step it waits for the next activity, or a brief quiet moment, before looking again.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, string what, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var advanced = TimeSpan.Zero;
        var each = step ?? TimeSpan.FromMilliseconds(500);
        var max = limit ?? TimeSpan.FromMinutes(5);
        while (!condition())
        {
            var next = Pulse.Next;
            if (condition())
            {
                return;
            }

            // Quiet for a moment: nothing in flight is going to change the condition; move time on.
            if (await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System, Token)) != next)
            {
                if (advanced >= max)
                {
                    throw new TimeoutException($"advanced {advanced} of virtual time waiting for {what}; log:\n{string.Join('\n', Log.TakeLast(30))}");
                }

                Time.Advance(each);
                advanced += each;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        await Cloud.DisposeAsync();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }

        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }
    }
}
