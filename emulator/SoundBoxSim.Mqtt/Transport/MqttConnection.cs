using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Transport;

/// <summary>
/// Reads and writes whole MQTT packets over a transport. One reader at a time; writes may come from any
/// thread and are serialised. <see cref="Write(MqttPacket)"/> only buffers, so a sender can batch several packets into one
/// flush; <see cref="SendAsync"/> writes and flushes. Disposing waits for a running write and makes later
/// writes return false, because completing a pipe writer under a flush returns its buffers to the pool twice.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private readonly IMqttTransport _transport;
    private readonly MqttPacketReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _closed;
    private long _bytesReceived;
    private long _bytesSent;

    /// <summary>Creates a connection that accepts packets of up to <paramref name="maximumPacketSize"/> bytes.</summary>
    public MqttConnection(IMqttTransport transport, int maximumPacketSize = MqttPacketReader.ProtocolMaximumPacketSize)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _reader = new MqttPacketReader(maximumPacketSize);
    }

    /// <summary>The peer's address, for logs.</summary>
    public string RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>Bytes of whole packets received.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Bytes of packets written.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Reads the next packet; null when the peer closed the stream cleanly between packets.</summary>
    /// <exception cref="MqttProtocolException">The bytes break a rule, or the stream ended inside a packet.</exception>
    public async ValueTask<MqttPacket?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var input = _transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            SequencePosition consumed = buffer.Start, examined = buffer.End;
            try
            {
                if (_reader.TryRead(buffer, out consumed, out examined, out var packet))
                {
                    Interlocked.Add(ref _bytesReceived, buffer.Slice(0, consumed).Length);
                    return packet;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return buffer.IsEmpty
                        ? null
                        : throw new MqttProtocolException(MqttRules.ProtocolViolation,
                            $"The connection closed {buffer.Length} bytes into an unfinished packet.");
                }
            }
            finally
            {
                input.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>
    /// Reads the next packet only if it is already buffered, without waiting for the network; a reader uses it to tell
    /// when it is about to wait, the moment to send what its packets produced. Throws like <see cref="ReadAsync"/>.
    /// </summary>
    public bool TryReadBuffered([NotNullWhen(true)] out MqttPacket? packet)
    {
        packet = null;
        var input = _transport.Input;
        if (!input.TryRead(out var result))
        {
            return false;
        }

        var buffer = result.Buffer;
        SequencePosition consumed = buffer.Start, examined = buffer.End;
        try
        {
            if (_reader.TryRead(buffer, out consumed, out examined, out packet))
            {
                Interlocked.Add(ref _bytesReceived, buffer.Slice(0, consumed).Length);
                return true;
            }

            return false; // not a whole packet yet: ReadAsync waits for the rest (or reports the stream's end)
        }
        finally
        {
            input.AdvanceTo(consumed, examined);
        }
    }

    /// <summary>Buffers <paramref name="packet"/> for sending; call <see cref="FlushAsync"/> to send. Returns false when the connection is closing.</summary>
    public bool Write(MqttPacket packet) => Write([packet]);

    /// <summary>Buffers <paramref name="packets"/> for sending, in order; call <see cref="FlushAsync"/> to send. Returns false when the connection is closing.</summary>
    public bool Write(ReadOnlySpan<MqttPacket> packets)
    {
        _writeLock.Wait();
        try
        {
            if (_closed)
            {
                return false;
            }

            var output = _transport.Output;
            long bytes = 0;
            foreach (var packet in packets)
            {
                bytes += MqttPacketWriter.Write(packet, output);
            }

            Interlocked.Add(ref _bytesSent, bytes);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // the writer was completed
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends what <see cref="Write(MqttPacket)"/> buffered. Returns false when the peer no longer reads.</summary>
    public async ValueTask<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_closed)
            {
                return false;
            }

            var result = await _transport.Output.FlushAsync(cancellationToken);
            return !result.IsCompleted && !result.IsCanceled;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            return false; // the writer was completed or the peer reset the connection
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes and sends <paramref name="packet"/>. Returns false when the peer no longer reads.</summary>
    public async ValueTask<bool> SendAsync(MqttPacket packet, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_closed)
            {
                return false;
            }

            Interlocked.Add(ref _bytesSent, MqttPacketWriter.Write(packet, _transport.Output));
            var result = await _transport.Output.FlushAsync(cancellationToken);
            return !result.IsCompleted && !result.IsCanceled;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Closes the transport once no write is running; a flush stuck on a peer that stopped reading is cancelled
    /// first. Call it after the read loop has ended. (The lock is left to the GC: a late writer must not meet a
    /// disposed lock.)
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!Volatile.Read(ref _closed))
        {
            _transport.Output.CancelPendingFlush();
        }

        await _writeLock.WaitAsync();
        try
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            await _transport.DisposeAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
