using System.Net;
using System.Net.Sockets;
using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker;

public sealed partial class MqttBroker
{
    private const int ListenBacklog = 1024;

    /// <summary>How long the accept loop pauses after the OS refuses to accept (e.g. out of file descriptors).</summary>
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Binds <see cref="MqttBrokerOptions.Bind"/>:<see cref="MqttBrokerOptions.Port"/> and starts accepting TCP
    /// clients in the background. Returns once the socket listens; <see cref="LocalEndPoint"/> then holds the
    /// bound address. Stop with <see cref="DisposeAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start only.</param>
    /// <returns>A task that completes when the broker listens.</returns>
    /// <exception cref="SocketException">The address cannot be bound, e.g. the port is in use.</exception>
    /// <exception cref="InvalidOperationException">The broker was started already.</exception>
    /// <exception cref="ObjectDisposedException">The broker is disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposal is not null, this);
            if (_listener is not null)
            {
                throw new InvalidOperationException($"The broker is already listening on {LocalEndPoint}.");
            }

            var bind = Options.Bind;
            var listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (bind.Equals(IPAddress.IPv6Any))
                {
                    listener.DualMode = true;
                }

                listener.Bind(new IPEndPoint(bind, Options.Port));
                listener.Listen(ListenBacklog);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            _listener = listener;
            LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
            _acceptLoop = AcceptLoopAsync(listener, _stopping.Token);
        }

        _context.Log.Write(MqttLogLevel.Information, $"broker listening on {LocalEndPoint}");
        return Task.CompletedTask;
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken stopping)
    {
        await Task.Yield(); // StartAsync returns at once
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                _context.Log.Write(MqttLogLevel.Error, $"accepting a connection failed ({ex.SocketErrorCode}): {ex.Message}; retrying");
                if (!await PauseAsync(stopping))
                {
                    return;
                }

                continue;
            }

            SocketTransport transport;
            try
            {
                transport = new SocketTransport(socket);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                socket.Dispose(); // the peer left before we could wrap its socket
                continue;
            }

            try
            {
                // Not the stopping token: DisposeAsync closes connections itself, without Wills, and waits for them.
                _ = AcceptAsync(transport, CancellationToken.None);
            }
            catch (ObjectDisposedException)
            {
                await transport.DisposeAsync();
                return;
            }
        }
    }

    private static async Task<bool> PauseAsync(CancellationToken stopping)
    {
        try
        {
            // The real clock on purpose: this waits for the operating system, not for protocol time.
            await Task.Delay(AcceptRetryDelay, TimeProvider.System, stopping);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
