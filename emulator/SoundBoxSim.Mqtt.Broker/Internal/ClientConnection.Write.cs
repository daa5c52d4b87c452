using System.Net.Sockets;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

internal sealed partial class ClientConnection
{
    /// <summary>
    /// Sends what the session has for this connection: takes a batch (control packets, redeliveries, queued messages
    /// within the in-flight window), writes it all, flushes once, and sleeps until woken. Never throws.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var session = _session!;
        var token = _closing.Token;
        var batch = new List<MqttPacket>();
        try
        {
            while (true)
            {
                batch.Clear();
                var publishes = session.TakeBatch(this, batch, MaxBatch);
                if (batch.Count == 0)
                {
                    _drained.Writer.TryWrite(true);
                    await _wake.Reader.ReadAsync(token);
                    continue;
                }

                foreach (var packet in batch)
                {
                    if (!_connection.Write(packet))
                    {
                        Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"connection lost while sending [{BrokerRules.NoDisconnect}]");
                        return;
                    }
                }

                var open = await _connection.FlushAsync(token);
                _broker.Metrics.Add(Counter.MessagesSent, publishes);
                CountBytesSent();
                _drained.Writer.TryWrite(true);
                if (!open)
                {
                    Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"the client stopped reading [{BrokerRules.NoDisconnect}]");
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Closing.
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            Fail(ex);
        }
        catch (Exception ex) // Anything else is our bug: logged at Error as the close reason, never unobserved.
        {
            Close(CloseReason.Unexpected, MqttLogLevel.Error, $"the writer failed with {ex.GetType().Name}: {ex.Message}");
        }
    }
}
