using System.Net.Sockets;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Client;

/// <summary>
/// An MQTT 3.1.1 client: clean or persistent sessions, credentials and will, subscribe/unsubscribe, QoS 0 and 1
/// publishing with in-flight tracking (unacknowledged publishes are sent again, DUP set, after a reconnect),
/// QoS 0-2 receiving, keep-alive pings and automatic reconnect with capped exponential backoff and jitter, all
/// timed on the options' <see cref="TimeProvider"/>. Thread-safe: publish from any thread.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _life = new();
    private readonly SemaphoreSlim _inflightSlots;
    private readonly LinkedList<Inflight> _inflightOrder = new();
    private readonly Dictionary<ushort, LinkedListNode<Inflight>> _inflight = [];
    private readonly Dictionary<ushort, TaskCompletionSource<MqttPacket>> _pendingAcks = [];
    private readonly Dictionary<string, QualityOfService> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<ushort> _inboundQoS2 = [];
    private Link? _link;
    private Task _reconnect = Task.CompletedTask;
    private CancellationTokenSource? _reconnectStop;
    private bool _stopped;
    private bool _everConnected;
    private ushort _lastId;
    private long _attempts, _reconnects, _sent, _received;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync"/>.</summary>
    public MqttClient(MqttClientOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _inflightSlots = new SemaphoreSlim(options.MaxInflight, options.MaxInflight);
    }

    /// <summary>
    /// Called for each application message received, on the connection's read loop (one at a time, in order).
    /// QoS 1 and 2 messages are acknowledged after it returns. An exception is logged and does not stop the client.
    /// </summary>
    public Func<PublishPacket, CancellationToken, ValueTask>? MessageReceived { get; set; }

    /// <summary>Raised on connect and on connection loss, from the thread that noticed.</summary>
    public event EventHandler<ConnectionStateChangedEventArgs>? ConnectionStateChanged;

    /// <summary>The client identifier.</summary>
    public string ClientId => _options.ClientId;

    /// <summary>Whether a connection is up.</summary>
    public bool IsConnected
    {
        get { lock (_lock) { return _link is not null; } }
    }

    /// <summary>A snapshot of the counters.</summary>
    public MqttClientMetrics Metrics
    {
        get
        {
            lock (_lock)
            {
                return new MqttClientMetrics(_link is not null, Interlocked.Read(ref _attempts), Interlocked.Read(ref _reconnects),
                    Interlocked.Read(ref _sent), Interlocked.Read(ref _received), _inflight.Count);
            }
        }
    }

    /// <summary>
    /// Connects and, with <see cref="MqttClientOptions.AutoReconnect"/>, keeps reconnecting after any loss until
    /// <see cref="DisconnectAsync"/> or disposal. Returns whether the broker resumed a persistent session.
    /// </summary>
    /// <exception cref="MqttConnectException">The broker could not be reached in time or refused the client.</exception>
    /// <exception cref="InvalidOperationException">The client is already connected.</exception>
    public async Task<bool> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_life.IsCancellationRequested, this);
        lock (_lock)
        {
            if (_link is not null || !_reconnect.IsCompleted)
            {
                throw new InvalidOperationException($"Client '{ClientId}' is already connected (or reconnecting).");
            }

            _stopped = false;
        }

        return await EstablishAsync(cancellationToken);
    }

    /// <summary>Sends DISCONNECT (so the broker drops the will), closes the connection and stops reconnecting.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        Link? link;
        lock (_lock)
        {
            _stopped = true;
            link = _link;
            _reconnectStop?.Cancel();
        }

        if (link is not null)
        {
            await SendAsync(link, DisconnectPacket.Instance, cancellationToken);
            await CloseLinkAsync(link, "the client disconnected");
            await link.ReadLoop; // it ends by marking the client disconnected
        }

        await _reconnect.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Disconnects and stops. QoS 1 publishes still unacknowledged fail with <see cref="ObjectDisposedException"/>,
    /// so no accepted message is lost silently.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_life.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await DisconnectAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Best effort: the connection may already be gone.
        }

        await _life.CancelAsync();
        await _reconnect.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        List<Inflight> abandoned;
        lock (_lock)
        {
            abandoned = [.. _inflightOrder];
            _inflightOrder.Clear();
            _inflight.Clear();
        }

        foreach (var entry in abandoned)
        {
            entry.Completion.TrySetException(new ObjectDisposedException(nameof(MqttClient),
                $"Client '{ClientId}' was disposed before the broker acknowledged the message to '{entry.Packet.Topic}'."));
        }

        _life.Dispose();
    }

    private async Task<bool> EstablishAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _life.Token, timeout.Token);
        MqttConnection? connection = null;
        try
        {
            connection = new MqttConnection(await _options.ConnectTransport(linked.Token), _options.MaximumPacketSize);
            await connection.SendAsync(new ConnectPacket(ClientId)
            {
                CleanSession = _options.CleanSession,
                KeepAliveSeconds = (ushort)_options.KeepAlive.TotalSeconds,
                UserName = _options.UserName,
                Password = _options.Password,
                Will = _options.Will,
            }, linked.Token);
            var answer = await connection.ReadAsync(linked.Token);
            if (answer is not ConnAckPacket ack)
            {
                throw new MqttConnectException($"The broker answered CONNECT with {answer?.PacketType.ToString() ?? "a closed connection"} instead of CONNACK.");
            }

            if (ack.ReturnCode != ConnectReturnCode.Accepted)
            {
                throw new MqttConnectException($"The broker refused client '{ClientId}': {ack.ReturnCode}.", ack.ReturnCode);
            }

            await StartLinkAsync(connection, ack.SessionPresent);
            return ack.SessionPresent;
        }
        catch (Exception ex) when (ex is not MqttConnectException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw ex switch
            {
                OperationCanceledException when timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested =>
                    new MqttConnectException($"No CONNACK within {_options.ConnectTimeout.TotalSeconds:0.###} s.", null, ex),
                OperationCanceledException => ex,
                SocketException or IOException or MqttProtocolException =>
                    new MqttConnectException($"Could not connect client '{ClientId}': {ex.Message}", null, ex),
                _ => ex,
            };
        }
        catch (MqttConnectException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            throw;
        }
    }

    private void Log(MqttLogLevel level, string message) => _options.Logger?.Invoke(level, $"mqtt client {ClientId}: {message}");

    private void Raise(ConnectionStateChangedEventArgs change)
    {
        try
        {
            ConnectionStateChanged?.Invoke(this, change);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log(MqttLogLevel.Error, $"a ConnectionStateChanged handler threw: {ex.Message}");
        }
    }

    private sealed class Inflight(PublishPacket packet)
    {
        public PublishPacket Packet { get; } = packet;
        public bool Sent { get; set; }
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
