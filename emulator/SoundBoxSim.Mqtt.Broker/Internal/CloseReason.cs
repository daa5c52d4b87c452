namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>Why a connection ended; decides its Will and its log line.</summary>
internal enum CloseReason
{
    /// <summary>The client sent DISCONNECT: the Will is discarded (MQTT-3.14.4-3).</summary>
    Disconnect,

    /// <summary>The client closed or lost the connection without DISCONNECT.</summary>
    ConnectionLost,

    /// <summary>The client broke a protocol rule.</summary>
    ProtocolError,

    /// <summary>Nothing arrived within the keep-alive limit.</summary>
    KeepAliveTimeout,

    /// <summary>No CONNECT arrived in time.</summary>
    ConnectTimeout,

    /// <summary>The CONNECT was refused with a non-zero CONNACK.</summary>
    Refused,

    /// <summary>Another connection took over the client id.</summary>
    TakenOver,

    /// <summary>The broker is stopping, or the caller of AcceptAsync cancelled: no Will, as the client did nothing wrong.</summary>
    Stopping,

    /// <summary>A failure the broker did not expect.</summary>
    Unexpected,
}
