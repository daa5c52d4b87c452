using SoundBoxSim.Device.Memory;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Device.Fleet;

/// <summary>How a fleet of emulated speakers is made: a serial range, a way to reach the broker, and options shared by all.</summary>
public sealed record FleetOptions
{
    /// <summary>The first serial; the others count up from it, keeping its prefix and width (default VNS52508000001).</summary>
    public string SerialStart { get; init; } = "VNS52508000001";

    /// <summary>How many devices (1 to 100,000; default 1).</summary>
    public int Count { get; init; } = 1;

    /// <summary>Opens one device's connection to the broker.</summary>
    public required Func<CancellationToken, Task<IMqttTransport>> ConnectTransport { get; init; }

    /// <summary>Adjusts each device's options (model, battery, clock...); applied after the fleet's own settings.</summary>
    public Func<SpeakerDeviceOptions, SpeakerDeviceOptions>? Configure { get; init; }

    /// <summary>Where devices keep their memory (default: in this process).</summary>
    public IDeviceMemoryStore? Memory { get; init; }

    /// <summary>The clock shared by the fleet (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Devices switched on per second, so thousands do not hit the broker in the same millisecond (default 2,000; 0 = all at once).</summary>
    public int PowerOnRate { get; init; } = 2_000;

    /// <summary>Receives every device's log lines.</summary>
    public MqttLogger? Log { get; init; }
}
