using System.Net.Sockets;
using System.Runtime.InteropServices;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// Sending. Two callers send what the session holds for this connection: the read loop, right before it would wait
/// for the network (the acks and deliveries its own packets produced, on its own thread, batched per read), and the
/// writer loop, woken when another client's message is routed here. One sends at a time; a caller that finds the
/// other sending marks the work as dirty and leaves, and the sender looks again before it stops, so no wake-up is lost.
/// </summary>
internal sealed partial class ClientConnection
{
    private const int Idle = 0, Sending = 1, SendingAndDirty = 2;
    private readonly List<MqttPacket> _batch = [];
    private int _sendState;

    /// <summary>Sleeps until woken, then sends. Never throws.</summary>
    private async Task WriteLoopAsync()
    {
        var token = _closing.Token;
        try
        {
            do
            {
                await _wake.Reader.ReadAsync(token);
            }
            while (await SendPendingAsync());
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closing.
        }
    }

    /// <summary>
    /// Sends everything the session has for this connection, unless the other caller is sending (it will send this
    /// too). False once the connection is closing; a failure becomes the close reason. Never throws.
    /// </summary>
    private async ValueTask<bool> SendPendingAsync()
    {
        if (!TryBeginSending())
        {
            return !_closing.IsCancellationRequested;
        }

        var token = _closing.Token;
        try
        {
            do
            {
                if (!await SendBatchesAsync(token))
                {
                    return false; // stays "sending": nothing is sent on a closing connection
                }
            }
            while (!TryEndSending());

            return true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            Fail(ex);
            return false;
        }
        catch (Exception ex) // Anything else is our bug: logged at Error as the close reason, never unobserved.
        {
            Close(CloseReason.Unexpected, MqttLogLevel.Error, $"sending failed with {ex.GetType().Name}: {ex.Message}");
            return false;
        }
    }

    /// <summary>Takes batches (see <see cref="Session.TakeBatch"/>), writes each and flushes once per batch, until none is left.</summary>
    private async ValueTask<bool> SendBatchesAsync(CancellationToken token)
    {
        var session = _session!;
        while (true)
        {
            _batch.Clear();
            var publishes = session.TakeBatch(this, _batch, MaxBatch);
            if (_batch.Count == 0)
            {
                _drained.Writer.TryWrite(true);
                return true;
            }

            if (!_connection.Write(CollectionsMarshal.AsSpan(_batch)))
            {
                Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"connection lost while sending [{BrokerRules.NoDisconnect}]");
                return false;
            }

            var open = await _connection.FlushAsync(token);
            _broker.Metrics.Add(Counter.MessagesSent, publishes);
            CountBytesSent();
            if (!open)
            {
                Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"the client stopped reading [{BrokerRules.NoDisconnect}]");
                return false;
            }
        }
    }

    /// <summary>Becomes the sender; when someone else is, marks that there is more to send and returns false.</summary>
    private bool TryBeginSending()
    {
        while (true)
        {
            switch (Volatile.Read(ref _sendState))
            {
                case Idle when Interlocked.CompareExchange(ref _sendState, Sending, Idle) == Idle:
                    return true;
                case Sending when Interlocked.CompareExchange(ref _sendState, SendingAndDirty, Sending) == Sending:
                case SendingAndDirty:
                    return false;
            }
        }
    }

    /// <summary>Stops being the sender, unless more was asked for meanwhile (then the caller sends again).</summary>
    private bool TryEndSending()
    {
        if (Interlocked.CompareExchange(ref _sendState, Idle, Sending) == Sending)
        {
            return true;
        }

        Volatile.Write(ref _sendState, Sending); // it was SendingAndDirty, and only the sender changes that
        return false;
    }
}
