namespace SoundBoxSim.Device;

/// <summary>A device at one instant, for the control API and the dashboard.</summary>
/// <param name="Serial">The serial (hardwareId).</param>
/// <param name="Model">The model name.</param>
/// <param name="Firmware">The firmware version.</param>
/// <param name="State">The state machine's state.</param>
/// <param name="Online">Whether its MQTT session to the cloud is up.</param>
/// <param name="Partner">The partner it is paired to, or null.</param>
/// <param name="Battery">Battery level in percent, one decimal.</param>
/// <param name="Charging">Whether the battery is charging.</param>
/// <param name="Mains">Whether mains power is connected.</param>
/// <param name="Signal">4G signal bars (0 = no network).</param>
/// <param name="Volume">Volume level.</param>
/// <param name="QueuedAnnouncements">Announcements playing or waiting.</param>
/// <param name="At">When the picture was taken (device clock).</param>
public sealed record DeviceSnapshot(
    string Serial, string Model, string Firmware, DeviceState State, bool Online, string? Partner, double Battery,
    bool Charging, bool Mains, int Signal, int Volume, int QueuedAnnouncements, DateTimeOffset At)
{
    /// <summary>Whether it is paired to a partner.</summary>
    public bool Paired => Partner is not null;
}
