using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// One MQTT 3.1.1 client connection over a raw socket with pipelines. It answers QoS 1 deliveries with PUBACK
/// and otherwise only reports what arrives. Sends are serialised by a gate, so a keep-alive ping and a
/// publisher can share it.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly TaskCompletionSource<byte> _connAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<byte> _subAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ArrayBufferWriter<byte> _acks = new(256);
    private long _lastSend;

    private MqttConnection(Socket socket, bool idle)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        // Idle connections read with zero-byte reads, so they hold no receive buffer while waiting.
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: idle ? 256 : 65_536, leaveOpen: true, useZeroByteReads: idle));
        _writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Called for every PUBLISH received, with its payload.</summary>
    public Action<ReadOnlySequence<byte>>? OnPublish { get; set; }

    /// <summary>Called for every PUBACK received, with its packet id.</summary>
    public Action<ushort>? OnPubAck { get; set; }

    /// <summary>Completes when the broker closes the connection or it fails.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the receive loop stopped, if not by a clean close.</summary>
    public string? Error { get; private set; }

    /// <summary>Stopwatch timestamp of the last send, for keep-alive.</summary>
    public long LastSend => Volatile.Read(ref _lastSend);

    /// <summary>Opens the socket, sends CONNECT and waits for a successful CONNACK.</summary>
    public static async Task<MqttConnection> OpenAsync(
        IPEndPoint broker, string clientId, ushort keepAliveSeconds, bool idle, CancellationToken cancellationToken)
    {
        var socket = new Socket(broker.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        MqttConnection? connection = null;
        try
        {
            await socket.ConnectAsync(broker, cancellationToken);
            connection = new MqttConnection(socket, idle);
            _ = connection.ReceiveLoopAsync();
            await connection.SendAsync(Frames.Connect(clientId, keepAliveSeconds), cancellationToken);
            var code = await connection._connAck.Task.WaitAsync(cancellationToken);
            return code == 0 ? connection : throw new IOException($"CONNACK refused {clientId} with return code {code}.");
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Subscribes to one filter and returns the granted QoS (0x80 is a refusal).</summary>
    public async Task<byte> SubscribeAsync(string filter, byte qos, CancellationToken cancellationToken)
    {
        await SendAsync(Frames.Subscribe(1, filter, qos), cancellationToken);
        return await _subAck.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes whole frames and flushes them to the socket.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            Volatile.Write(ref _lastSend, Stopwatch.GetTimestamp());
            var result = await _writer.WriteAsync(frames, cancellationToken);
            if (result.IsCompleted)
            {
                throw new IOException("The connection is closed.");
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Sends DISCONNECT and waits briefly for the broker to close first, so TIME_WAIT stays on its side.</summary>
    public async Task DisconnectAsync(TimeSpan wait)
    {
        try
        {
            using var timeout = new CancellationTokenSource(wait);
            await SendAsync(Frames.Disconnect, timeout.Token);
            await Closed.WaitAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Closing anyway.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        await Closed;
        // The receive loop has stopped; wait out any other sender before completing the writer.
        await _sendGate.WaitAsync();
        try
        {
            await _writer.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The socket is gone already.
        }

        _sendGate.Dispose();
        await _stream.DisposeAsync();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync();
                var buffer = result.Buffer;
                while (PacketReader.TryRead(ref buffer, out var header, out var body))
                {
                    Dispatch(header, body);
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (_acks.WrittenCount > 0)
                {
                    // One write for all PUBACKs of this read.
                    await SendAsync(_acks.WrittenMemory, CancellationToken.None);
                    _acks.ResetWrittenCount();
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Whatever broke it (reset, bad frame), the connection is gone; Closed says so and Error says why.
            Error = $"{ex.GetType().Name}: {ex.Message}";
        }
        finally
        {
            await _reader.CompleteAsync();
            _connAck.TrySetException(new IOException("The broker closed the connection before CONNACK."));
            _subAck.TrySetException(new IOException("The broker closed the connection before SUBACK."));
            _closed.TrySetResult();
        }
    }

    private void Dispatch(byte header, ReadOnlySequence<byte> body)
    {
        switch (header >> 4)
        {
            case PacketReader.Publish:
                var payload = PacketReader.PublishPayload(header, body, out var packetId);
                if (packetId != 0)
                {
                    Frames.WritePubAck(_acks.GetSpan(Frames.PubAckLength), packetId);
                    _acks.Advance(Frames.PubAckLength);
                }

                OnPublish?.Invoke(payload);
                break;
            case PacketReader.PubAck:
                OnPubAck?.Invoke(PacketReader.ReadUInt16(body));
                break;
            case PacketReader.ConnAck:
                _connAck.TrySetResult(body.Slice(1, 1).FirstSpan[0]);
                break;
            case PacketReader.SubAck:
                _subAck.TrySetResult(body.Slice(2, 1).FirstSpan[0]);
                break;
            default:
                break; // PINGRESP and anything else need no answer.
        }
    }
}
