namespace SoundBoxSim.Device.Memory;

/// <summary>What a speaker remembers across reboots: its pairing, its volume and the requestIds it already played.</summary>
/// <param name="Partner">The partner (Speaker API client id) it is paired to; null when unpaired.</param>
/// <param name="Volume">Volume level, 0 to the model's maximum.</param>
/// <param name="PlayedRequestIds">The most recent requestIds announced, oldest first (the dedupe window).</param>
public sealed record DeviceMemory(string? Partner, int Volume, IReadOnlyList<string> PlayedRequestIds)
{
    /// <summary>A factory-fresh device at <paramref name="volume"/>.</summary>
    public static DeviceMemory Fresh(int volume) => new(null, volume, []);
}
