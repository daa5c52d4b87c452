using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// A bounded FIFO of messages for one session, as a ring buffer that grows on demand (an idle session holds no
/// array). When full, it makes room by dropping the oldest QoS 0 message; if it holds none and the new message is
/// QoS 0, the new one is dropped; only when everything is QoS 1 or 2 is the oldest of those dropped. Not thread-safe:
/// the session's lock guards it.
/// </summary>
internal sealed class MessageQueue(int capacity)
{
    private const int InitialSize = 4;
    private const int ShrinkAbove = 64;
    private QueuedMessage[] _items = [];
    private int _head;
    private int _count;
    private int _qos0Count;

    public int Count => _count;

    public int Capacity => capacity;

    /// <summary>Adds <paramref name="message"/>; returns <see langword="true"/> when that cost one message (maybe itself).</summary>
    public bool Enqueue(QueuedMessage message)
    {
        var dropped = false;
        if (_count == capacity)
        {
            dropped = true;
            if (_qos0Count > 0)
            {
                var oldest = IndexOfOldestQoS0();
                if (oldest == 0)
                {
                    Dequeue(); // the common case under a QoS 0 flood, and O(1)
                }
                else
                {
                    RemoveAt(oldest);
                }
            }
            else if (message.QoS == QualityOfService.AtMostOnce)
            {
                return true;
            }
            else
            {
                Dequeue();
            }
        }

        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) % _items.Length] = message;
        _count++;
        if (message.QoS == QualityOfService.AtMostOnce)
        {
            _qos0Count++;
        }

        return dropped;
    }

    public bool TryPeek(out QueuedMessage message)
    {
        message = _count > 0 ? _items[_head] : default;
        return _count > 0;
    }

    public QueuedMessage Dequeue()
    {
        if (_count == 0)
        {
            throw new InvalidOperationException("The queue is empty.");
        }

        var message = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        _count--;
        if (message.QoS == QualityOfService.AtMostOnce)
        {
            _qos0Count--;
        }

        if (_count == 0)
        {
            _head = 0;
            if (_items.Length > ShrinkAbove)
            {
                _items = []; // a burst is over: give the memory back
            }
        }

        return message;
    }

    public void Clear()
    {
        _items = [];
        _head = _count = _qos0Count = 0;
    }

    private int IndexOfOldestQoS0()
    {
        for (var i = 0; i < _count; i++)
        {
            if (_items[(_head + i) % _items.Length].QoS == QualityOfService.AtMostOnce)
            {
                return i;
            }
        }

        throw new InvalidOperationException("The QoS 0 count is out of step with the queue.");
    }

    private void RemoveAt(int offset)
    {
        if (_items[(_head + offset) % _items.Length].QoS == QualityOfService.AtMostOnce)
        {
            _qos0Count--;
        }

        // Close the gap by moving the newer messages one place towards the head.
        for (var i = offset; i < _count - 1; i++)
        {
            _items[(_head + i) % _items.Length] = _items[(_head + i + 1) % _items.Length];
        }

        _items[(_head + _count - 1) % _items.Length] = default;
        _count--;
    }

    private void Grow()
    {
        var size = Math.Min(capacity, Math.Max(InitialSize, _items.Length * 2));
        var items = new QueuedMessage[size];
        for (var i = 0; i < _count; i++)
        {
            items[i] = _items[(_head + i) % _items.Length];
        }

        _items = items;
        _head = 0;
    }
}
