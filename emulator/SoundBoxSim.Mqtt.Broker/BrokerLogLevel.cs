namespace SoundBoxSim.Mqtt.Broker;

/// <summary>How important a line the broker writes to <see cref="MqttBrokerOptions.Log"/> is.</summary>
public enum BrokerLogLevel
{
    /// <summary>Per-packet detail: refused publishes, ignored acknowledgements.</summary>
    Debug,

    /// <summary>Normal life: the broker started or stopped, a client connected or disconnected with DISCONNECT.</summary>
    Information,

    /// <summary>A client misbehaved or vanished: protocol violation, keep-alive or CONNECT timeout, refused CONNECT, lost connection, full queue.</summary>
    Warning,

    /// <summary>Something the broker did not expect: a bug or an operating-system failure. Tests treat it as a failure.</summary>
    Error,
}
