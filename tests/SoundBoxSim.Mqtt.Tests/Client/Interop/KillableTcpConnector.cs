using System.Net.Sockets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Tests.Client.Interop;

/// <summary>
/// Opens our client's TCP connections (pass <see cref="ConnectAsync"/> to <c>WithTransport</c>) and keeps the
/// socket of each, so a test can kill the connection the way a speaker losing power or its 4G link does: a TCP
/// reset, no DISCONNECT. With <see cref="HoldReconnects"/>, every connection after the first waits until the
/// test calls <see cref="AllowReconnects"/>, so the test decides what happens while the client is away.
/// </summary>
internal sealed class KillableTcpConnector(string host, int port)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _reconnectsAllowed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _current;
    private int _attempts;

    /// <summary>Whether connections after the first wait for <see cref="AllowReconnects"/>. Default false.</summary>
    public bool HoldReconnects { get; init; }

    public async Task<IMqttTransport> ConnectAsync(CancellationToken cancellationToken)
    {
        bool first;
        lock (_lock)
        {
            first = _attempts++ == 0;
        }

        if (!first && HoldReconnects)
        {
            await _reconnectsAllowed.Task.WaitAsync(cancellationToken);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        lock (_lock)
        {
            _current = socket;
        }

        return new SocketTransport(socket);
    }

    /// <summary>Lets held and later connection attempts through.</summary>
    public void AllowReconnects() => _reconnectsAllowed.TrySetResult();

    /// <summary>Resets the current connection: linger 0 makes the close send RST, and no DISCONNECT goes first.</summary>
    public void KillCurrent()
    {
        Socket socket;
        lock (_lock)
        {
            socket = _current ?? throw new InvalidOperationException("The client has not connected yet.");
            _current = null;
        }

        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
