namespace SoundBoxSim.Device.Tests.Support;

/// <summary>Which broker a device test runs against: every device test runs against both.</summary>
public enum BrokerKind
{
    /// <summary>Our embedded broker, devices on the in-memory transport.</summary>
    Embedded,

    /// <summary>The real Mosquitto, devices over TCP.</summary>
    Mosquitto,
}
