using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace SoundBoxSim.Mqtt.Transport;

/// <summary>An MQTT transport over a connected TCP socket.</summary>
public sealed class SocketTransport : IMqttTransport
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    /// <summary>Wraps a connected socket; the transport owns it from now on.</summary>
    public SocketTransport(Socket socket)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        // Zero-byte reads: an idle connection holds no receive buffer, which keeps 10,000 idle clients cheap.
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "unknown";
    }

    /// <inheritdoc />
    public PipeReader Input { get; }

    /// <inheritdoc />
    public PipeWriter Output { get; }

    /// <inheritdoc />
    public string RemoteEndPoint { get; }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="SocketException">The connection was refused or the host is unknown.</exception>
    public static async Task<SocketTransport> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            return new SocketTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects to <paramref name="endPoint"/>.</summary>
    public static Task<SocketTransport> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return ConnectAsync(endPoint.Address.ToString(), endPoint.Port, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer; closing below is all that is left.
        }
        catch (ObjectDisposedException)
        {
        }

        await _stream.DisposeAsync();
    }
}
