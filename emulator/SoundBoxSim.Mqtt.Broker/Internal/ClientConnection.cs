using System.Net.Sockets;
using System.Threading.Channels;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// One client connection. <see cref="RunAsync"/> is its read loop: CONNECT first, then one packet at a time,
/// dispatched to the session; before it waits for more input it sends what those packets produced. A writer loop,
/// woken when other clients' messages are routed here, sends those (see ClientConnection.Write.cs). Anyone may <see cref="Close"/> it (the keep-alive timer, a takeover, the broker
/// stopping); the read loop then tears down in one place: stops the writer, detaches the session, publishes the Will
/// when owed, closes the transport and writes exactly one log line saying why.
/// </summary>
internal sealed partial class ClientConnection
{
    /// <summary>Packets per write batch; a batch is flushed once.</summary>
    private const int MaxBatch = 256;

    /// <summary>Unsent acks above which the read loop stops reading, so a client that floods without reading cannot grow our memory.</summary>
    private const int ControlBacklogLimit = 1_000;

    private readonly BrokerContext _broker;
    private readonly MqttConnection _connection;
    private readonly CancellationTokenSource _closing = new();
    private readonly Channel<bool> _wake = CreateSignal();
    private readonly Channel<bool> _drained = CreateSignal();
    private CloseInfo? _close;
    private Session? _session;
    private long _bytesReceivedCounted;
    private long _bytesSentCounted;

    public ClientConnection(BrokerContext broker, IMqttTransport transport)
    {
        _broker = broker;
        RemoteEndPoint = transport.RemoteEndPoint;
        _connection = new MqttConnection(transport, broker.Options.MaximumPacketSize);
    }

    public string RemoteEndPoint { get; }

    /// <summary>The client id, once CONNECT has been read.</summary>
    public string? ClientId { get; private set; }

    /// <summary>Serves the connection until it ends. Never throws: every failure becomes the close reason.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _broker.Metrics.Add(Counter.CurrentConnections);
        _broker.Metrics.Add(Counter.TotalConnections);
        Task? writer = null;
        try
        {
            using var registration = cancellationToken.Register(
                static state => ((ClientConnection)state!).Close(CloseReason.Stopping, MqttLogLevel.Information, "closed by the server (cancelled)"),
                this);
            if (await ConnectAsync())
            {
                writer = WriteLoopAsync();
                await ReadLoopAsync();
            }
        }
        catch (Exception ex) // Per-connection failures end this connection only; Fail turns each into its close reason.
        {
            Fail(ex);
        }
        finally
        {
            await TearDownAsync(writer);
        }
    }

    /// <summary>Asks the connection to close; the first reason given is the one logged. Safe from any thread, any number of times.</summary>
    public void Close(CloseReason reason, MqttLogLevel level, string text)
    {
        Interlocked.CompareExchange(ref _close, new CloseInfo(reason, level, text), null);
        _closing.Cancel();
    }

    /// <summary>Tells the writer loop there is something to send (routed here by another connection).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    private static Channel<bool> CreateSignal() =>
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private string Describe() => ClientId is null ? RemoteEndPoint : $"{RemoteEndPoint} client '{ClientId}'";

    /// <summary>Turns an exception from either loop into the close reason.</summary>
    private void Fail(Exception exception)
    {
        switch (exception)
        {
            case OperationCanceledException when _closing.IsCancellationRequested:
                break; // whoever cancelled gave the reason
            case MqttProtocolException violation:
                Close(CloseReason.ProtocolError, MqttLogLevel.Warning, $"protocol violation, closed: {violation.Message}");
                break;
            case IOException or SocketException:
                Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"connection lost: {exception.Message} [{BrokerRules.NoDisconnect}]");
                break;
            default:
                Close(CloseReason.Unexpected, MqttLogLevel.Error, $"closed after an unexpected {exception.GetType().Name}: {exception.Message}");
                break;
        }
    }

    private async Task TearDownAsync(Task? writer)
    {
        Close(CloseReason.Unexpected, MqttLogLevel.Error, "ended without a recorded reason");
        _keepAlive?.Dispose();
        if (writer is not null)
        {
            await writer; // never throws: it records its failures with Fail
        }

        var close = _close!;
        var willText = string.Empty;
        if (_session is { } session)
        {
            _broker.Sessions.Detach(this, session);
            _broker.Metrics.Add(Counter.ConnectedClients, -1);
            if (_will is { } will && close.PublishesWill)
            {
                // Section 3.1.2.5: published as if the client had sent it, Retain included.
                _broker.Publish(new PublishPacket(will.Topic, will.Payload) { QoS = will.QoS, Retain = will.Retain });
                _broker.Metrics.Add(Counter.WillsPublished);
                willText = $"; Will published to '{will.Topic}'";
            }
        }

        try
        {
            await _connection.DisposeAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException or ObjectDisposedException)
        {
            // Closing a transport the peer already dropped; nothing is left to do.
        }

        CountBytesReceived();
        CountBytesSent();
        if (close.Reason switch
        {
            CloseReason.Refused => Counter.RefusedConnections,
            CloseReason.ProtocolError => Counter.ProtocolErrors,
            CloseReason.KeepAliveTimeout => Counter.KeepAliveTimeouts,
            CloseReason.ConnectTimeout => Counter.ConnectTimeouts,
            CloseReason.TakenOver => Counter.Takeovers,
            _ => (Counter?)null,
        } is { } counter)
        {
            _broker.Metrics.Add(counter);
        }

        _broker.Metrics.Add(Counter.CurrentConnections, -1);
        _broker.Log.Write(close.Level, $"{Describe()}: {close.Text}{willText}");
    }

    private void CountBytesReceived()
    {
        var total = _connection.BytesReceived;
        _broker.Metrics.Add(Counter.BytesReceived, total - _bytesReceivedCounted);
        _bytesReceivedCounted = total;
    }

    private void CountBytesSent()
    {
        var total = _connection.BytesSent;
        _broker.Metrics.Add(Counter.BytesSent, total - _bytesSentCounted);
        _bytesSentCounted = total;
    }
}
