using System.Text.Json;

namespace SoundBoxSim.Device.Memory;

/// <summary>
/// Device memory as one JSON file per serial under a folder (<c>{folder}/{serial}.json</c>). Writes go to a temporary
/// file that replaces the old one, so a crash never leaves half a file. A file that cannot be read is reported
/// with its path and treated as a fresh device (the emulator must boot even when a file was hand-edited badly).
/// </summary>
public sealed class FileDeviceMemoryStore : IDeviceMemoryStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly string _folder;
    private readonly Action<string>? _warn;

    /// <summary>Keeps memories under <paramref name="folder"/> (created when missing); unreadable files are reported to <paramref name="warn"/>.</summary>
    public FileDeviceMemoryStore(string folder, Action<string>? warn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        _folder = Path.GetFullPath(folder);
        _warn = warn;
        Directory.CreateDirectory(_folder);
    }

    /// <inheritdoc />
    public DeviceMemory? Load(string serial)
    {
        var path = PathOf(serial);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var memory = JsonSerializer.Deserialize<DeviceMemory>(File.ReadAllBytes(path), Json);
            return memory is null ? null : memory with { PlayedRequestIds = memory.PlayedRequestIds ?? [] };
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _warn?.Invoke($"device memory {path} could not be read ({ex.Message}); starting as a fresh device");
            return null;
        }
    }

    /// <inheritdoc />
    public void Save(string serial, DeviceMemory memory)
    {
        var path = PathOf(serial);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(memory, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <inheritdoc />
    public void Forget(string serial) => File.Delete(PathOf(serial));

    private string PathOf(string serial)
    {
        // Serials are letters and digits; anything else must not walk out of the folder.
        if (serial.Length == 0 || !serial.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{serial}' is not a serial (ASCII letters and digits only).", nameof(serial));
        }

        return Path.Combine(_folder, serial + ".json");
    }
}
