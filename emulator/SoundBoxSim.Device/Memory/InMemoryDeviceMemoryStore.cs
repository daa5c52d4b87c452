using System.Collections.Concurrent;

namespace SoundBoxSim.Device.Memory;

/// <summary>Device memory kept in this process: survives a device's reboot, not the process.</summary>
public sealed class InMemoryDeviceMemoryStore : IDeviceMemoryStore
{
    private readonly ConcurrentDictionary<string, DeviceMemory> _memories = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public DeviceMemory? Load(string serial) => _memories.GetValueOrDefault(serial);

    /// <inheritdoc />
    public void Save(string serial, DeviceMemory memory) => _memories[serial] = memory;

    /// <inheritdoc />
    public void Forget(string serial) => _memories.TryRemove(serial, out _);
}
