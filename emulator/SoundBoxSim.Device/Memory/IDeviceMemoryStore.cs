namespace SoundBoxSim.Device.Memory;

/// <summary>Where speakers keep <see cref="DeviceMemory"/>: a folder with one small file per device, or memory for tests and large fleets.</summary>
public interface IDeviceMemoryStore
{
    /// <summary>The memory of <paramref name="serial"/>, or null for a device seen for the first time.</summary>
    DeviceMemory? Load(string serial);

    /// <summary>Replaces the memory of <paramref name="serial"/>; written through, so a crash right after keeps it.</summary>
    void Save(string serial, DeviceMemory memory);

    /// <summary>Forgets <paramref name="serial"/> (a device taken out of the fleet for good): it comes back factory-fresh.</summary>
    void Forget(string serial);
}
