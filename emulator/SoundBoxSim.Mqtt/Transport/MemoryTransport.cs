using System.IO.Pipelines;

namespace SoundBoxSim.Mqtt.Transport;

/// <summary>
/// An in-process MQTT transport: two crossed pipes, no socket and no file descriptor, so a fleet of clients
/// in the broker's own process can go past the open-file limit while speaking the same MQTT bytes.
/// </summary>
public sealed class MemoryTransport : IMqttTransport
{
    private static long _next;

    private MemoryTransport(PipeReader input, PipeWriter output, string remote)
    {
        Input = input;
        Output = output;
        RemoteEndPoint = remote;
    }

    /// <inheritdoc />
    public PipeReader Input { get; }

    /// <inheritdoc />
    public PipeWriter Output { get; }

    /// <inheritdoc />
    public string RemoteEndPoint { get; }

    /// <summary>Creates a connected pair: what one side writes, the other reads.</summary>
    public static (MemoryTransport Client, MemoryTransport Server) CreatePair()
    {
        var options = new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        var id = Interlocked.Increment(ref _next);
        return (new MemoryTransport(toClient.Reader, toServer.Writer, $"memory-server:{id}"),
                new MemoryTransport(toServer.Reader, toClient.Writer, $"memory-client:{id}"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Completing our writer ends the peer's reads; completing our reader fails the peer's writes.
        await Output.CompleteAsync();
        await Input.CompleteAsync();
    }
}
