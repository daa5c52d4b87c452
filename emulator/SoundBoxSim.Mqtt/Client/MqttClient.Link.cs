using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Client;

public sealed partial class MqttClient
{
    private async Task StartLinkAsync(MqttConnection connection, bool sessionPresent)
    {
        var link = new Link(connection, CancellationTokenSource.CreateLinkedTokenSource(_life.Token), _options.TimeProvider.GetTimestamp());
        List<Inflight> resend;
        List<TopicSubscription> resubscribe;
        bool reconnect;
        lock (_lock)
        {
            _link = link;
            reconnect = _everConnected;
            _everConnected = true;
            resend = [.. _inflightOrder];
            resubscribe = sessionPresent ? [] : [.. _subscriptions.Select(s => new TopicSubscription(s.Key, s.Value))];
        }

        if (reconnect)
        {
            Interlocked.Increment(ref _reconnects);
        }

        link.ReadLoop = Task.Run(() => ReadLoopAsync(link));
        link.KeepAliveLoop = _options.KeepAlive > TimeSpan.Zero ? Task.Run(() => KeepAliveLoopAsync(link)) : Task.CompletedTask;
        Log(MqttLogLevel.Information, $"connected to {connection.RemoteEndPoint} (session present: {sessionPresent}, {resend.Count} to resend)");

        // MQTT-4.4.0-1: unacknowledged publishes go again, in their original order, with DUP set if sent before.
        foreach (var entry in resend)
        {
            var packet = entry.Sent ? entry.Packet with { Dup = true } : entry.Packet;
            entry.Sent = true;
            await SendAsync(link, packet, link.Token);
        }

        if (resubscribe.Count > 0)
        {
            // The broker forgot the session: subscribe again without blocking the caller on the SUBACK.
            _ = SubscribeOnLinkAsync(link, resubscribe);
        }

        Raise(new ConnectionStateChangedEventArgs(true, null, sessionPresent));
    }

    private async Task SubscribeOnLinkAsync(Link link, List<TopicSubscription> subscriptions)
    {
        try
        {
            await SubscribeAsync(subscriptions, link.Token);
        }
        catch (Exception ex) when (ex is MqttClientNotConnectedException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection went again; the next one subscribes again.
        }
    }

    private async Task ReadLoopAsync(Link link)
    {
        var reason = "the broker closed the connection";
        try
        {
            while (await link.Connection.ReadAsync(link.Token) is { } packet)
            {
                await HandleAsync(link, packet);
            }
        }
        catch (OperationCanceledException) when (link.Token.IsCancellationRequested)
        {
            reason = link.CloseReason ?? "the client stopped";
        }
        catch (MqttProtocolException ex)
        {
            reason = $"the broker broke the protocol: {ex.Message}";
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            reason = $"the connection failed: {ex.Message}";
        }

        await LinkLostAsync(link, link.CloseReason ?? reason);
    }

    private async Task KeepAliveLoopAsync(Link link)
    {
        var time = _options.TimeProvider;
        var keepAlive = _options.KeepAlive;
        try
        {
            while (!link.Token.IsCancellationRequested)
            {
                // Sleep until a ping is due: keep-alive after the last packet we sent (MQTT-3.1.2-23).
                var idle = time.GetElapsedTime(Interlocked.Read(ref link.LastSent));
                if (idle < keepAlive)
                {
                    await Task.Delay(keepAlive - idle, time, link.Token);
                    continue;
                }

                if (link.PingOutstanding)
                {
                    await CloseLinkAsync(link, $"no PINGRESP within {keepAlive.TotalSeconds:0.###} s");
                    return;
                }

                link.PingOutstanding = true;
                await SendAsync(link, PingReqPacket.Instance, link.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The link is closing.
        }
    }

    private async Task<bool> SendAsync(Link link, MqttPacket packet, CancellationToken cancellationToken)
    {
        // Once the connection is disposed (see LinkLostAsync) this returns false instead of writing.
        var sent = await link.Connection.SendAsync(packet, cancellationToken);

        Interlocked.Exchange(ref link.LastSent, _options.TimeProvider.GetTimestamp());
        if (packet is PublishPacket)
        {
            Interlocked.Increment(ref _sent);
        }

        return sent;
    }

    /// <summary>Ends the link: the read loop stops on the cancellation and disposes the connection in <see cref="LinkLostAsync"/>.</summary>
    private static async Task CloseLinkAsync(Link link, string reason)
    {
        link.CloseReason ??= reason;
        await link.Cancellation.CancelAsync();
    }

    private async Task LinkLostAsync(Link link, string reason)
    {
        List<TaskCompletionSource<MqttPacket>> pending;
        bool reconnect;
        lock (_lock)
        {
            if (_link != link)
            {
                return;
            }

            _link = null;
            pending = [.. _pendingAcks.Values];
            _pendingAcks.Clear();
            _inboundQoS2.Clear();
            reconnect = _options.AutoReconnect && !_stopped && !_life.IsCancellationRequested;
            if (reconnect)
            {
                var stop = CancellationTokenSource.CreateLinkedTokenSource(_life.Token);
                _reconnectStop = stop;
                _reconnect = Task.Run(() => ReconnectLoopAsync(stop));
            }
        }

        // Only here, once the read loop has ended: the transport's pipes must not be completed under a read.
        // The connection itself waits for a running send (and cancels one stuck on a peer that stopped reading).
        link.CloseReason ??= reason;
        await link.Cancellation.CancelAsync();
        await link.Connection.DisposeAsync();

        foreach (var waiter in pending)
        {
            waiter.TrySetException(new MqttClientNotConnectedException($"The connection was lost before the broker answered: {reason}."));
        }

        Log(reconnect ? MqttLogLevel.Warning : MqttLogLevel.Information, $"connection lost: {reason}");
        Raise(new ConnectionStateChangedEventArgs(false, reason, false));
    }

    private async Task ReconnectLoopAsync(CancellationTokenSource stop)
    {
        using var _ = stop;
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, _options.Jitter());
            Log(MqttLogLevel.Information, $"reconnecting in {delay.TotalSeconds:0.###} s (attempt {attempt + 1})");
            try
            {
                await Task.Delay(delay, _options.TimeProvider, stop.Token);
                await EstablishAsync(stop.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (MqttConnectException ex)
            {
                Log(MqttLogLevel.Warning, $"reconnect attempt {attempt + 1} failed: {ex.Message}");
            }
        }
    }

    private sealed class Link(MqttConnection connection, CancellationTokenSource cancellation, long connectedAt)
    {
        public long LastSent = connectedAt;

        public MqttConnection Connection { get; } = connection;
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public CancellationToken Token { get; } = cancellation.Token;
        public Task ReadLoop { get; set; } = Task.CompletedTask;
        public Task KeepAliveLoop { get; set; } = Task.CompletedTask;
        public volatile bool PingOutstanding;
        public string? CloseReason { get; set; }
    }
}
