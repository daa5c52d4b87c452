using System.Collections.Concurrent;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>What the cloud knows of a device: registered by the host, or learnt from its retained status over MQTT.</summary>
public sealed record KnownDevice(string Serial, string Model, bool Online, string State, DateTimeOffset? LastSeen);

/// <summary>The serials the fake knows, with their model and online state (from the devices' MQTT status). Thread-safe.</summary>
public sealed class DeviceDirectory
{
    private readonly ConcurrentDictionary<string, KnownDevice> _devices = new(StringComparer.Ordinal);

    /// <summary>Raised when a device's online state changes.</summary>
    public event Action<KnownDevice>? OnlineChanged;

    /// <summary>Every known device, in serial order.</summary>
    public IReadOnlyList<KnownDevice> All => [.. _devices.Values.OrderBy(d => d.Serial, StringComparer.Ordinal)];

    /// <summary>Makes <paramref name="serial"/> known (offline until its status says otherwise).</summary>
    public void Register(string serial, string model = "S5 Plus") =>
        _devices.TryAdd(serial, new KnownDevice(serial, model, false, "Off", null));

    /// <summary>Forgets a device.</summary>
    public bool Remove(string serial) => _devices.TryRemove(serial, out _);

    /// <summary>The device, or null.</summary>
    public KnownDevice? Find(string serial) => _devices.GetValueOrDefault(serial);

    /// <summary>Applies a status message from the device (retained, or its Will).</summary>
    public void Apply(DeviceStatus status)
    {
        if (!status.Online && !_devices.ContainsKey(status.Serial))
        {
            return; // an unknown device going offline (e.g. the will of one just removed) teaches nothing
        }

        KnownDevice? before = null;
        var after = _devices.AddOrUpdate(
            status.Serial,
            _ => new KnownDevice(status.Serial, status.Model, status.Online, status.State, status.At),
            (_, old) =>
            {
                before = old;
                return old with { Model = status.Model, Online = status.Online, State = status.State, LastSeen = status.At };
            });
        if (before?.Online != after.Online)
        {
            OnlineChanged?.Invoke(after);
        }
    }

    /// <summary>Forgets every device.</summary>
    public void Clear() => _devices.Clear();
}
