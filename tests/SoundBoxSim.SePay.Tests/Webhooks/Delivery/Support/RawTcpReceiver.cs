using System.Net;
using System.Net.Sockets;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;

/// <summary>
/// A TCP listener on 127.0.0.1, port 0, that hands each accepted connection to the test: for receivers no HTTP server
/// would be (resetting the connection, answering garbage).
/// </summary>
internal sealed class RawTcpReceiver : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _accepted;

    private RawTcpReceiver(Socket listener, Func<Socket, CancellationToken, Task> onConnection)
    {
        _listener = listener;
        _loop = AcceptLoopAsync(onConnection);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public int Accepted => Volatile.Read(ref _accepted);

    public static RawTcpReceiver Start(Func<Socket, CancellationToken, Task> onConnection)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return new RawTcpReceiver(listener, onConnection);
    }

    /// <summary>Closes <paramref name="socket"/> with linger 0, so the peer gets a TCP RST instead of a FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>Reads until the end of the request headers (a blank line), so the client has sent its request.</summary>
    public static async Task ReadHeadersAsync(Socket socket, CancellationToken cancellationToken)
    {
        var seen = new List<byte>();
        var buffer = new byte[4096];
        while (!EndsHeaders(seen))
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            seen.AddRange(buffer.AsSpan(0, read));
        }

        static bool EndsHeaders(List<byte> bytes)
        {
            for (var i = 3; i < bytes.Count; i++)
            {
                if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
                {
                    return true;
                }
            }

            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was closed under the accept loop: that is how it stops.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Func<Socket, CancellationToken, Task> onConnection)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            _ = Task.Run(async () =>
            {
                try
                {
                    await onConnection(socket, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
                {
                    // The test is over or the client went away.
                }
                finally
                {
                    socket.Dispose();
                }
            });
        }
    }
}
