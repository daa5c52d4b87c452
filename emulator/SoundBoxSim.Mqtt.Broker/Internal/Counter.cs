namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>The monotonic counters and gauges behind <see cref="MqttBrokerMetrics"/>.</summary>
internal enum Counter
{
    CurrentConnections,
    TotalConnections,
    ConnectedClients,
    MessagesReceived,
    MessagesSent,
    BytesReceived,
    BytesSent,
    MessagesDropped,
    RefusedConnections,
    ProtocolErrors,
    KeepAliveTimeouts,
    ConnectTimeouts,
    Takeovers,
    DeniedPublishes,
    WillsPublished,
}
