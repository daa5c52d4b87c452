using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>The session's side of the QoS 1 and 2 handshakes (section 4.3) and what its writer sends next.</summary>
internal sealed partial class Session
{
    /// <summary>PUBACK: the QoS 1 message is delivered (section 4.3.2). False for an id not in flight at QoS 1.</summary>
    public bool Acknowledge(ushort packetId) => Complete(packetId, QualityOfService.AtLeastOnce);

    /// <summary>PUBCOMP: the QoS 2 message is delivered (section 4.3.3). False for an id not awaiting PUBCOMP.</summary>
    public bool Complete(ushort packetId) => Complete(packetId, QualityOfService.ExactlyOnce);

    /// <summary>
    /// PUBREC for a QoS 2 message we sent: from now on we owe a PUBREL, queued here. The PUBREL goes out even for an
    /// unknown id, so a client that lost track can finish the exchange. False for an unknown id.
    /// </summary>
    public bool Received(ClientConnection from, ushort packetId)
    {
        bool known;
        lock (_sync)
        {
            if (_connection != from)
            {
                return false;
            }

            known = _inflight is not null && _inflight.TryGetValue(packetId, out var outgoing)
                && outgoing.Packet.QoS == QualityOfService.ExactlyOnce;
            if (known)
            {
                _inflight![packetId] = new Outgoing(_inflight[packetId].Packet, Released: true);
            }

            EnqueueControlNeedsLock(new PubRelPacket(packetId));
        }

        return known;
    }

    /// <summary>
    /// An inbound QoS 2 PUBLISH, remembered by packet id until its PUBREL (section 4.3.3, method B: the message is
    /// delivered onward at once and a resent duplicate is recognised by its id). The caller queues the PUBREC.
    /// </summary>
    /// <returns>Whether the message is new and must be routed; false for a duplicate or a stale connection.</returns>
    public bool BeginInbound(ClientConnection from, ushort packetId)
    {
        lock (_sync)
        {
            return _connection == from && (_awaitingRelease ??= []).Add(packetId);
        }
    }

    /// <summary>PUBREL for an inbound QoS 2 message: forget its id and queue the PUBCOMP, sent for unknown ids too.</summary>
    public void Release(ClientConnection from, ushort packetId)
    {
        lock (_sync)
        {
            if (_connection != from)
            {
                return;
            }

            _awaitingRelease?.Remove(packetId);
            EnqueueControlNeedsLock(new PubCompPacket(packetId));
        }
    }

    /// <summary>
    /// Moves what <paramref name="connection"/> should send next into <paramref name="batch"/>: first (once after
    /// attaching) the unacknowledged messages again, then control packets and queued messages in the order they were
    /// queued. Queued messages keep their order: a QoS 1 message waiting for room in the in-flight window holds back
    /// the messages behind it, but not the control packets.
    /// </summary>
    /// <returns>How many PUBLISH packets were added.</returns>
    public int TakeBatch(ClientConnection connection, List<MqttPacket> batch, int max)
    {
        var publishes = 0;
        lock (_sync)
        {
            if (_connection != connection)
            {
                return 0;
            }

            if (_resendInflight && _inflight is not null)
            {
                _resendInflight = false;
                foreach (var (id, outgoing) in _inflight)
                {
                    // MQTT-4.4.0-1: same packet ids; a PUBLISH again with DUP set (MQTT-3.3.1-1), or the PUBREL owed.
                    batch.Add(outgoing.Released ? new PubRelPacket(id) : outgoing.Packet with { Dup = true });
                    publishes += outgoing.Released ? 0 : 1;
                }
            }

            while (batch.Count < max)
            {
                var hasMessage = _queue.TryPeek(out var next)
                    && (next.QoS == QualityOfService.AtMostOnce || (_inflight?.Count ?? 0) < maxInflight);
                if (_control.TryPeek(out var control) && (!hasMessage || control.Sequence < next.Sequence))
                {
                    _control.Dequeue();
                    batch.Add(control.Packet);
                    continue;
                }

                if (!hasMessage)
                {
                    break;
                }

                if (next.QoS == QualityOfService.AtMostOnce)
                {
                    batch.Add(next.Packet);
                }
                else
                {
                    var packet = next.Packet with { QoS = next.QoS, PacketId = NextPacketIdNeedsLock() };
                    (_inflight ??= []).Add(packet.PacketId, new Outgoing(packet, Released: false));
                    batch.Add(packet);
                }

                _queue.Dequeue();
                publishes++;
            }

            if (_queue.Count < _queue.Capacity / 2)
            {
                _overflowing = false;
            }
        }

        return publishes;
    }

    private bool Complete(ushort packetId, QualityOfService qos)
    {
        lock (_sync)
        {
            if (_inflight is null || !_inflight.TryGetValue(packetId, out var outgoing) || outgoing.Packet.QoS != qos
                || (qos == QualityOfService.ExactlyOnce && !outgoing.Released))
            {
                return false;
            }

            // The window has room again; the read loop that got this ack sends more before it reads again.
            _inflight.Remove(packetId);
            return true;
        }
    }

    /// <summary>The next packet id after the last one, skipping 0 and ids still in flight (MQTT-2.3.1-2).</summary>
    private ushort NextPacketIdNeedsLock()
    {
        do
        {
            _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
        }
        while (_inflight is not null && _inflight.ContainsKey(_lastPacketId));

        return _lastPacketId;
    }
}
