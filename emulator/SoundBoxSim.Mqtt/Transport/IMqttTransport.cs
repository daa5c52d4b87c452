using System.IO.Pipelines;

namespace SoundBoxSim.Mqtt.Transport;

/// <summary>
/// A byte stream to an MQTT peer: a TCP socket or an in-memory pipe. Disposing closes both directions.
/// </summary>
public interface IMqttTransport : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Where the peer is, for logs: "127.0.0.1:50123" or "memory:7".</summary>
    string RemoteEndPoint { get; }
}
