using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Client;

public sealed partial class MqttClient
{
    /// <summary>
    /// Publishes a message. QoS 0 is sent once, now, and needs a connection. QoS 1 completes when the broker's
    /// PUBACK arrives; while the client is reconnecting it waits in the in-flight queue and is sent (again, DUP
    /// set) on the next connection. Cancelling stops the wait, not the delivery.
    /// </summary>
    /// <exception cref="ArgumentException">The topic is not a valid topic name.</exception>
    /// <exception cref="NotSupportedException">QoS 2 was asked for; this client publishes QoS 0 and 1.</exception>
    /// <exception cref="MqttClientNotConnectedException">No connection, and none is coming (QoS 0, or auto-reconnect off).</exception>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, QualityOfService qos = QualityOfService.AtMostOnce,
        bool retain = false, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_life.IsCancellationRequested, this);
        if (!TopicFilter.IsValidTopicName(topic))
        {
            throw new ArgumentException($"'{topic}' is not a valid topic name (not empty, no + or #).", nameof(topic));
        }

        if (qos == QualityOfService.AtMostOnce)
        {
            var link = CurrentLink() ?? throw new MqttClientNotConnectedException();
            await SendAsync(link, new PublishPacket(topic, payload) { Retain = retain }, cancellationToken);
            return;
        }

        if (qos != QualityOfService.AtLeastOnce)
        {
            throw new NotSupportedException("This client publishes QoS 0 and 1; use QualityOfService.AtLeastOnce.");
        }

        await _inflightSlots.WaitAsync(cancellationToken);
        Inflight entry;
        Link? current;
        lock (_lock)
        {
            current = _link;
            if (current is null && (!_options.AutoReconnect || _stopped))
            {
                _inflightSlots.Release();
                throw new MqttClientNotConnectedException();
            }

            entry = new Inflight(new PublishPacket(topic, payload) { QoS = qos, Retain = retain, PacketId = NextId_NeedsLock() });
            _inflight[entry.Packet.PacketId] = _inflightOrder.AddLast(entry);
            entry.Sent = current is not null;
        }

        if (current is not null)
        {
            await SendAsync(current, entry.Packet, cancellationToken);
        }

        await entry.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Subscribes and returns the broker's answer per filter (granted QoS, or failure).</summary>
    /// <exception cref="ArgumentException">A filter is invalid, or the list is empty.</exception>
    /// <exception cref="MqttClientNotConnectedException">Not connected, or the connection was lost before SUBACK.</exception>
    public async Task<IReadOnlyList<SubAckReturnCode>> SubscribeAsync(IReadOnlyList<TopicSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        if (subscriptions.Count == 0)
        {
            throw new ArgumentException("Give at least one topic filter.", nameof(subscriptions));
        }

        foreach (var subscription in subscriptions.Where(s => !TopicFilter.IsValidFilter(s.Filter)))
        {
            throw new ArgumentException($"'{subscription.Filter}' is not a valid topic filter.", nameof(subscriptions));
        }

        var answer = await RequestAsync(id => new SubscribePacket(id, subscriptions), cancellationToken);
        var codes = ((SubAckPacket)answer).ReturnCodes;
        lock (_lock)
        {
            for (var i = 0; i < subscriptions.Count && i < codes.Count; i++)
            {
                if (codes[i] != SubAckReturnCode.Failure)
                {
                    _subscriptions[subscriptions[i].Filter] = subscriptions[i].QoS;
                }
            }
        }

        return codes;
    }

    /// <summary>Subscribes to one filter.</summary>
    public async Task<SubAckReturnCode> SubscribeAsync(string filter, QualityOfService qos = QualityOfService.AtLeastOnce, CancellationToken cancellationToken = default) =>
        (await SubscribeAsync([new TopicSubscription(filter, qos)], cancellationToken))[0];

    /// <summary>Unsubscribes from <paramref name="filters"/>.</summary>
    public async Task UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("Give at least one topic filter.", nameof(filters));
        }

        await RequestAsync(id => new UnsubscribePacket(id, filters), cancellationToken);
        lock (_lock)
        {
            foreach (var filter in filters)
            {
                _subscriptions.Remove(filter);
            }
        }
    }

    private async Task<MqttPacket> RequestAsync(Func<ushort, MqttPacket> create, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        Link link;
        MqttPacket request;
        lock (_lock)
        {
            link = _link ?? throw new MqttClientNotConnectedException();
            var id = NextId_NeedsLock();
            request = create(id);
            _pendingAcks[id] = waiter;
        }

        await SendAsync(link, request, cancellationToken);
        return await waiter.Task.WaitAsync(cancellationToken);
    }

    private async ValueTask HandleAsync(Link link, MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                Interlocked.Increment(ref _received);
                await ReceiveAsync(link, publish);
                break;
            case PubAckPacket ack:
                CompletePublish(ack.PacketId);
                break;
            case PubRelPacket release:
                lock (_lock)
                {
                    _inboundQoS2.Remove(release.PacketId);
                }

                await SendAsync(link, new PubCompPacket(release.PacketId), link.Token);
                break;
            case SubAckPacket or UnsubAckPacket:
                var id = packet is SubAckPacket s ? s.PacketId : ((UnsubAckPacket)packet).PacketId;
                TaskCompletionSource<MqttPacket>? waiter;
                lock (_lock)
                {
                    _pendingAcks.Remove(id, out waiter);
                }

                waiter?.TrySetResult(packet);
                break;
            case PingRespPacket:
                link.PingOutstanding = false;
                break;
            default:
                await CloseLinkAsync(link, $"the broker sent {packet.PacketType}, which a server never sends to a client");
                break;
        }
    }

    private async ValueTask ReceiveAsync(Link link, PublishPacket publish)
    {
        var deliver = true;
        if (publish.QoS == QualityOfService.ExactlyOnce)
        {
            lock (_lock)
            {
                deliver = _inboundQoS2.Add(publish.PacketId); // a DUP of a message not yet released is not delivered twice
            }
        }

        if (deliver && MessageReceived is { } handler)
        {
            try
            {
                await handler(publish, link.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log(MqttLogLevel.Error, $"the message handler failed on '{publish.Topic}': {ex.Message}");
            }
        }

        MqttPacket? ack = publish.QoS switch
        {
            QualityOfService.AtLeastOnce => new PubAckPacket(publish.PacketId),
            QualityOfService.ExactlyOnce => new PubRecPacket(publish.PacketId),
            _ => null,
        };
        if (ack is not null)
        {
            await SendAsync(link, ack, link.Token);
        }
    }

    private void CompletePublish(ushort packetId)
    {
        Inflight? entry = null;
        lock (_lock)
        {
            if (_inflight.Remove(packetId, out var node))
            {
                _inflightOrder.Remove(node);
                entry = node.Value;
            }
        }

        if (entry is null)
        {
            Log(MqttLogLevel.Debug, $"PUBACK for unknown packet id {packetId} ignored");
            return;
        }

        _inflightSlots.Release();
        entry.Completion.TrySetResult();
    }

    private Link? CurrentLink()
    {
        lock (_lock)
        {
            return _link;
        }
    }

    private ushort NextId_NeedsLock()
    {
        // Skip 0 (MQTT-2.3.1-1) and ids still in use by an in-flight publish or a pending request.
        do
        {
            _lastId = (ushort)(_lastId == ushort.MaxValue ? 1 : _lastId + 1);
        }
        while (_inflight.ContainsKey(_lastId) || _pendingAcks.ContainsKey(_lastId));

        return _lastId;
    }
}
