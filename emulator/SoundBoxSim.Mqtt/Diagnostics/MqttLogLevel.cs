namespace SoundBoxSim.Mqtt.Diagnostics;

/// <summary>How much a log line matters.</summary>
public enum MqttLogLevel
{
    /// <summary>Packet-level detail.</summary>
    Debug,

    /// <summary>Connections, sessions, reconnects.</summary>
    Information,

    /// <summary>A peer broke a rule or went away; the other side carries on.</summary>
    Warning,

    /// <summary>Something failed that should not have.</summary>
    Error,
}
