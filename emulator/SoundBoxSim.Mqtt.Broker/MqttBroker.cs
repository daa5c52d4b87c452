using System.Net;
using System.Net.Sockets;
using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker;

/// <summary>
/// A small embedded MQTT 3.1.1 broker: the fake cloud the emulated speakers connect to. It serves TCP clients after
/// <see cref="StartAsync"/>, and any <see cref="IMqttTransport"/> through <see cref="AcceptAsync"/> (in-memory clients
/// need no file descriptor, so a fleet can pass the open-file limit).
/// </summary>
/// <remarks>
/// <para>
/// Supported: clean and persistent sessions with client-id takeover; QoS 0, 1 and 2 in both directions (every
/// subscription is granted the QoS it asks for, and a message goes out at the lower of its own QoS and the
/// subscription's); retained messages; Wills; keep-alive; '+' and '#' wildcards; a per-client topic ACL. Each
/// session's queue is bounded (<see cref="MqttBrokerOptions.MaxQueuedMessagesPerSession"/>), with counted drops.
/// </para>
/// <para>
/// Each connection has one read loop and one writer loop; the writer batches everything queued into one flush. A
/// failing connection is closed and logged as one line, and never affects the others: no method of the broker
/// throws because of what a client sent. Thread-safe.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var broker = new MqttBroker(new MqttBrokerOptions { Port = 0, Log = (level, line) => Console.WriteLine(line) });
/// await broker.StartAsync(ct);
/// Console.WriteLine($"MQTT on {broker.LocalEndPoint}");
/// broker.Publish(new PublishPacket("devices/SB-001/notify", "{\"amount\":1005000}"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce });
/// </code>
/// </example>
public sealed partial class MqttBroker : IAsyncDisposable
{
    private readonly BrokerContext _context;
    private readonly Lock _lock = new();
    private readonly HashSet<ClientConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private Task? _acceptLoop;
    private Task? _disposal;

    /// <summary>Creates a broker; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The settings; <see langword="null"/> takes every default.</param>
    /// <exception cref="ArgumentException">Some options are out of range; the message lists every problem.</exception>
    public MqttBroker(MqttBrokerOptions? options = null)
    {
        options ??= new MqttBrokerOptions();
        var problems = options.FindProblems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The broker options are invalid:\n{string.Join('\n', problems.Select(p => "- " + p))}", nameof(options));
        }

        _context = new BrokerContext(options);
    }

    /// <summary>The options the broker was created with.</summary>
    public MqttBrokerOptions Options => _context.Options;

    /// <summary>Live counters: connections, messages, bytes, drops, queue depths, retained messages, sessions.</summary>
    public MqttBrokerMetrics Metrics => _context.Metrics;

    /// <summary>
    /// The address and port the broker listens on after <see cref="StartAsync"/> (with the actual port when
    /// <see cref="MqttBrokerOptions.Port"/> was 0); <see langword="null"/> before.
    /// </summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>
    /// Serves an MQTT client over <paramref name="transport"/> until the connection ends. The broker owns the
    /// transport from now on and disposes it at the end.
    /// </summary>
    /// <param name="transport">A connected transport, e.g. the server side of <see cref="MemoryTransport.CreatePair"/>.</param>
    /// <param name="cancellationToken">Closes the connection when cancelled (without publishing the Will).</param>
    /// <returns>A task that completes once the connection is closed and logged. It never faults: failures are logged.</returns>
    /// <exception cref="ObjectDisposedException">The broker is disposed; the transport was not taken.</exception>
    public Task AcceptAsync(IMqttTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var connection = new ClientConnection(_context, transport);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposal is not null, this);
            _connections.Add(connection);
        }

        return ServeAsync(connection, cancellationToken);
    }

    /// <summary>
    /// Connects an in-process client: creates a <see cref="MemoryTransport"/> pair, serves the server side, and
    /// returns the client side, ready for the client's CONNECT.
    /// </summary>
    /// <returns>The client's end; disposing it is what a client dropping its connection looks like.</returns>
    /// <exception cref="ObjectDisposedException">The broker is disposed.</exception>
    public MemoryTransport ConnectInMemory()
    {
        var (client, server) = MemoryTransport.CreatePair();
        _ = AcceptAsync(server); // never faults; DisposeAsync waits for it
        return client;
    }

    /// <summary>
    /// Publishes a message as the broker itself (the fake cloud speaking to devices): retained if
    /// <see cref="PublishPacket.Retain"/> is set, then queued for every matching subscription like a client's
    /// PUBLISH. No ACL applies; the packet id and DUP flag are ignored.
    /// </summary>
    /// <param name="message">The message; its QoS is the highest it is delivered with.</param>
    /// <returns>How many sessions it was queued for.</returns>
    /// <exception cref="ObjectDisposedException">The broker is disposed.</exception>
    public int Publish(PublishPacket message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposal is not null, this);
        return _context.Publish(message);
    }

    /// <summary>
    /// Stops listening, closes every connection (without publishing Wills: the clients did nothing wrong), waits
    /// until each is closed, and forgets all sessions and retained messages. Safe to call more than once.
    /// </summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _disposal ??= DisposeCoreAsync();
            return new ValueTask(_disposal);
        }
    }

    private async Task DisposeCoreAsync()
    {
        await Task.Yield(); // leave the lock before closing anything
        _stopping.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop;
        }

        ClientConnection[] open;
        lock (_lock)
        {
            open = [.. _connections];
            if (open.Length == 0)
            {
                _allClosed.TrySetResult();
            }
        }

        foreach (var connection in open)
        {
            connection.Close(CloseReason.Stopping, MqttLogLevel.Information, "closed: the broker is stopping");
        }

        await _allClosed.Task;
        _context.Sessions.Clear();
        _context.Dispose();
        _stopping.Dispose();
        if (LocalEndPoint is not null)
        {
            _context.Log.Write(MqttLogLevel.Information, $"broker on {LocalEndPoint} stopped");
        }
    }

    private async Task ServeAsync(ClientConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.RunAsync(cancellationToken);
        }
        catch (Exception ex) // RunAsync does not throw; this is the last guard against an unobserved fault.
        {
            _context.Log.Write(MqttLogLevel.Error, $"{connection.RemoteEndPoint}: connection failed outside its loop: {ex}");
        }
        finally
        {
            lock (_lock)
            {
                _connections.Remove(connection);
                if (_disposal is not null && _connections.Count == 0)
                {
                    _allClosed.TrySetResult();
                }
            }
        }
    }
}
