namespace SoundBoxSim.Device.Power;

/// <summary>
/// What the device is doing, as far as the battery cares: each activity draws its own current
/// (see <see cref="PowerOptions"/>), so the device reports every change with <see cref="Battery.SetDraw"/>.
/// </summary>
public enum PowerDraw
{
    /// <summary>Switched off: only self-discharge (<see cref="PowerOptions.OffMilliamps"/>).</summary>
    Off,

    /// <summary>Starting up: CPU busy and radio attaching (<see cref="PowerOptions.BootingMilliamps"/>).</summary>
    Booting,

    /// <summary>Registered on 4G and waiting for payments, the state a speaker spends its life in (<see cref="PowerOptions.IdleMilliamps"/>).</summary>
    Idle,

    /// <summary>The radio is searching for a network, which costs more than idling on one (<see cref="PowerOptions.SearchingMilliamps"/>).</summary>
    Searching,

    /// <summary>Playing an announcement; the amplifier's draw grows with the volume (<see cref="PowerOptions.AnnouncingMilliamps"/>).</summary>
    Announcing,
}
