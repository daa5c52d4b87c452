using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// Publishes on one connection until the window ends: as fast as the socket takes them, or at a fixed rate.
/// Each payload starts with the Stopwatch time it was written. At QoS 1 at most --inflight messages wait for
/// PUBACK, and the time to PUBACK is recorded too.
/// </summary>
internal sealed class Publisher
{
    private const int MaxBatch = 16;
    private readonly MqttConnection _connection;
    private readonly byte[] _topic;
    private readonly byte _qos;
    private readonly int _size;
    private readonly SemaphoreSlim? _window;
    private readonly long[]? _sentAt;
    private readonly TaskCompletionSource _allAcked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _outstanding;
    private int _stopped;

    public Publisher(MqttConnection connection, string topic, LoadOptions options)
    {
        _connection = connection;
        _topic = Encoding.UTF8.GetBytes(topic);
        _qos = options.Qos;
        _size = options.Size;
        if (_qos > 0)
        {
            _window = new SemaphoreSlim(options.Inflight, options.Inflight);
            _sentAt = new long[ushort.MaxValue + 1];
            connection.OnPubAck = OnPubAck;
        }
    }

    public long Sent { get; private set; }

    public long Acked { get; private set; }

    public long UnexpectedAcks { get; private set; }

    public LatencyHistogram AckLatency { get; } = new();

    public MeasureWindow Window { get; set; } = new(0, 0);

    /// <summary>Publishes until the window's end. <paramref name="intervalTicks"/> 0 means no pacing.</summary>
    public async Task RunAsync(long start, double intervalTicks, CancellationToken cancellationToken)
    {
        var frameLength = Frames.PublishLength(_topic.Length, _qos, _size);
        var batch = new byte[frameLength * MaxBatch];
        var payload = new byte[_size];
        payload.AsSpan().Fill((byte)'x');
        long sequence = 0;
        while (Stopwatch.GetTimestamp() is var now && now < Window.End)
        {
            var count = MaxBatch;
            if (intervalTicks > 0)
            {
                var due = (long)((now - start) / intervalTicks) + 1 - sequence;
                if (due <= 0)
                {
                    // Timers tick in milliseconds; anything shorter would spin, so messages due meanwhile go as one batch.
                    var wait = Math.Max((start + (sequence * intervalTicks) - now) / Stopwatch.Frequency, 0.001);
                    await Task.Delay(TimeSpan.FromSeconds(wait), TimeProvider.System, cancellationToken);
                    continue;
                }

                count = (int)Math.Min(due, MaxBatch);
            }

            if (_window is not null)
            {
                if (!await _window.WaitAsync(Stopwatch.GetElapsedTime(now, Window.End), cancellationToken))
                {
                    break;
                }

                var granted = 1;
                while (granted < count && _window.Wait(0, CancellationToken.None))
                {
                    granted++;
                }

                count = granted;
            }

            var length = 0;
            for (var i = 0; i < count; i++, sequence++)
            {
                var sentAt = Stopwatch.GetTimestamp();
                BinaryPrimitives.WriteInt64LittleEndian(payload, sentAt);
                var packetId = _qos > 0 ? (ushort)((sequence % ushort.MaxValue) + 1) : (ushort)0;
                if (_sentAt is not null)
                {
                    _sentAt[packetId] = sentAt;
                    Interlocked.Increment(ref _outstanding);
                }

                Frames.WritePublish(batch.AsSpan(length), _topic, _qos, packetId, payload);
                length += frameLength;
            }

            await _connection.SendAsync(batch.AsMemory(0, length), cancellationToken);
            Sent += count;
        }

        Interlocked.Exchange(ref _stopped, 1);
        if (Interlocked.Read(ref _outstanding) == 0)
        {
            _allAcked.TrySetResult();
        }
    }

    /// <summary>Completes when every QoS 1 message sent has its PUBACK (at once at QoS 0).</summary>
    public Task AllAcked => _qos == 0 ? Task.CompletedTask : _allAcked.Task;

    private void OnPubAck(ushort packetId)
    {
        var sentAt = _sentAt![packetId];
        if (sentAt == 0)
        {
            // A PUBACK for nothing in flight is the broker's bug; count it rather than trust it.
            UnexpectedAcks++;
            return;
        }

        _sentAt[packetId] = 0;
        var now = Stopwatch.GetTimestamp();
        if (Window.Contains(now))
        {
            AckLatency.RecordTicks(now - sentAt);
        }

        Acked++;
        _window!.Release();
        if (Interlocked.Decrement(ref _outstanding) == 0 && Volatile.Read(ref _stopped) == 1)
        {
            _allAcked.TrySetResult();
        }
    }
}
