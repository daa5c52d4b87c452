using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

internal sealed partial class ClientConnection
{
    /// <summary>Packets a read loop handles before it lets other connections' work run.</summary>
    private const int YieldEvery = 32;

    private async Task ReadLoopAsync()
    {
        var session = _session!;
        var inARow = 0;
        while (true)
        {
            // A busy publisher's reads complete synchronously while its buffer has data; without a yield now and
            // then its loop would keep the thread and starve the loops queued behind it (the subscribers).
            if (++inARow == YieldEvery)
            {
                inARow = 0;
                if (!await SendPendingAsync())
                {
                    return;
                }

                await Task.Yield();
            }

            if (!_connection.TryReadBuffered(out var packet))
            {
                // About to wait for the network: first send what the packets read so far produced, as one batch.
                if (!await SendPendingAsync())
                {
                    return;
                }

                packet = await _connection.ReadAsync(_closing.Token);
                inARow = 0;
            }

            CountBytesReceived();
            if (packet is null)
            {
                Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"closed the connection without DISCONNECT [{BrokerRules.NoDisconnect}]");
                return;
            }

            _keepAlive?.Touch();
            if (!Dispatch(session, packet))
            {
                return;
            }

            // Back-pressure: a client that keeps sending but does not read its acks waits here, not in our memory.
            while (session.ControlBacklog > ControlBacklogLimit)
            {
                if (!await SendPendingAsync())
                {
                    return;
                }

                await _drained.Reader.ReadAsync(_closing.Token);
            }
        }
    }

    /// <summary>Handles one packet after CONNECT; false when the connection is done (DISCONNECT).</summary>
    private bool Dispatch(Session session, MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                OnPublish(session, publish);
                return true;
            case PubAckPacket ack:
                NoteUnknown(session.Acknowledge(ack.PacketId), "PUBACK", ack.PacketId);
                return true;
            case PubRecPacket received:
                NoteUnknown(session.Received(this, received.PacketId), "PUBREC", received.PacketId);
                return true;
            case PubRelPacket release:
                session.Release(this, release.PacketId);
                return true;
            case PubCompPacket complete:
                NoteUnknown(session.Complete(complete.PacketId), "PUBCOMP", complete.PacketId);
                return true;
            case SubscribePacket subscribe:
                OnSubscribe(session, subscribe);
                return true;
            case UnsubscribePacket unsubscribe:
                session.Unsubscribe(this, unsubscribe, _broker.Subscriptions);
                return true;
            case PingReqPacket:
                session.EnqueueControl(this, PingRespPacket.Instance); // MQTT-3.12.4-1
                return true;
            case DisconnectPacket:
                _will = null; // MQTT-3.14.4-3
                Close(CloseReason.Disconnect, MqttLogLevel.Information, "disconnected (DISCONNECT)");
                return false;
            case ConnectPacket:
                throw new MqttProtocolException(BrokerRules.SecondConnect, "A second CONNECT arrived on a connected session; CONNECT is sent once per connection.");
            default:
                throw new MqttProtocolException(BrokerRules.ServerOnlyPacket, $"The client sent {Name(packet)}, which only a server sends.");
        }
    }

    private void OnPublish(Session session, PublishPacket publish)
    {
        var allowed = _broker.IsAuthorized(ClientId!, _userName, publish.Topic, TopicAccess.Publish);
        switch (publish.QoS)
        {
            case QualityOfService.AtMostOnce:
                Route(allowed, publish);
                break;
            case QualityOfService.AtLeastOnce:
                // Routed first, so once the PUBACK is out the message is queued for every subscriber (section 4.3.2).
                Route(allowed, publish);
                session.EnqueueControl(this, new PubAckPacket(publish.PacketId));
                break;
            default:
                if (session.BeginInbound(this, publish.PacketId))
                {
                    Route(allowed, publish);
                }

                session.EnqueueControl(this, new PubRecPacket(publish.PacketId));
                break;
        }
    }

    private void Route(bool allowed, PublishPacket publish)
    {
        if (allowed)
        {
            _broker.Publish(publish);
            return;
        }

        // MQTT 3.1.1 cannot refuse a PUBLISH; like Mosquitto we acknowledge it and drop it.
        _broker.Metrics.Add(Counter.DeniedPublishes);
        _broker.Log.Write(MqttLogLevel.Debug, $"{Describe()}: PUBLISH to '{publish.Topic}' refused by Authorize, dropped");
    }

    private void OnSubscribe(Session session, SubscribePacket subscribe)
    {
        var codes = new SubAckReturnCode[subscribe.Subscriptions.Count];
        for (var i = 0; i < codes.Length; i++)
        {
            var (filter, qos) = subscribe.Subscriptions[i];

            // Every requested QoS is granted as asked, 2 included; 0x80 for a filter that is invalid (the codec already
            // closes the connection for those) or refused by the ACL.
            codes[i] = TopicFilter.IsValidFilter(filter) && _broker.IsAuthorized(ClientId!, _userName, filter, TopicAccess.Subscribe)
                ? (SubAckReturnCode)qos
                : SubAckReturnCode.Failure;
        }

        foreach (var outcome in session.Subscribe(this, subscribe, codes, _broker.Subscriptions, _broker.Retained) ?? [])
        {
            _broker.Count(session, outcome);
        }
    }

    private void NoteUnknown(bool known, string packet, ushort packetId)
    {
        if (!known)
        {
            _broker.Log.Write(MqttLogLevel.Debug, $"{Describe()}: {packet} for packet id {packetId}, which is not in flight; ignored");
        }
    }
}
