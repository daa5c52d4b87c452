namespace SoundBoxSim.Device.Protocol;

/// <summary>Which of a device's five topics a topic is, so one subscription handler can route by kind.</summary>
public enum DeviceTopicKind
{
    /// <summary><c>soundbox/{serial}/cmd</c>: cloud → device commands, QoS 1.</summary>
    Commands,

    /// <summary><c>soundbox/{serial}/status</c>: device → cloud online/offline status, QoS 1, retained; also the Will.</summary>
    Status,

    /// <summary><c>soundbox/{serial}/telemetry</c>: device → cloud periodic readings, QoS 0.</summary>
    Telemetry,

    /// <summary><c>soundbox/{serial}/ack</c>: device → cloud command acknowledgements, QoS 1.</summary>
    Acks,

    /// <summary><c>soundbox/{serial}/event</c>: device → cloud announcements, state changes, buttons, dropped commands, QoS 1.</summary>
    Events,
}
