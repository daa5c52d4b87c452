using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Mosquitto;

namespace SoundBoxSim.Mqtt.Tests.Client.Interop;

/// <summary>
/// One interop test's world: a real Mosquitto broker on a free loopback port, our clients connected to it over
/// real TCP on the real clock, and one safety timeout for the whole test. Nothing sleeps: every wait is on an
/// event (a CONNACK, a message, a Mosquitto log line, a process exit), and a wait the timeout ends fails with
/// what was awaited plus our clients' and Mosquitto's logs.
/// </summary>
internal sealed class MosquittoInterop : IAsyncDisposable
{
    // Generous: a shared machine may be busy building; nothing waits for the full time unless something is broken.
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _timeout;
    private readonly List<MqttClient> _clients = [];
    private readonly List<string> _clientLog = [];
    private MosquittoBroker? _broker;

    private MosquittoInterop()
    {
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _timeout.CancelAfter(SafetyTimeout);
    }

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("Mosquitto has not started.");

    /// <summary>The test's token: cancelled by xunit or by the safety timeout.</summary>
    public CancellationToken Ct => _timeout.Token;

    /// <summary>Starts Mosquitto (anonymous clients allowed unless <paramref name="options"/> say otherwise).</summary>
    public static async Task<MosquittoInterop> StartAsync(MosquittoBrokerOptions? options = null)
    {
        var interop = new MosquittoInterop();
        try
        {
            interop._broker = await interop.Within(MosquittoBroker.StartAsync(options, interop.Ct), "Mosquitto to start");
            return interop;
        }
        catch
        {
            await interop.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Our client for <paramref name="clientId"/>: TCP to Mosquitto (through <paramref name="connector"/> when
    /// given), keep-alive 60 s, no auto-reconnect, the real clock, logging into this test's client log.
    /// </summary>
    public MqttClient CreateClient(string clientId, Func<MqttClientOptionsBuilder, MqttClientOptionsBuilder>? configure = null,
        KillableTcpConnector? connector = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(clientId)
            .WithKeepAlive(TimeSpan.FromSeconds(60))
            .WithReconnect(false)
            .WithTimeProvider(TimeProvider.System)
            .WithLogger((level, message) => { lock (_clientLog) { _clientLog.Add($"{level}: {message}"); } });
        builder = connector is null ? builder.WithTcpServer(Broker.Host, Broker.Port) : builder.WithTransport(connector.ConnectAsync);
        var client = new MqttClient((configure ?? (b => b))(builder).Build());
        _clients.Add(client);
        return client;
    }

    /// <summary>A connector to this Mosquitto whose connections the test can kill.</summary>
    public KillableTcpConnector Connector(bool holdReconnects = false) => new(Broker.Host, Broker.Port) { HoldReconnects = holdReconnects };

    /// <summary>Connects <paramref name="client"/> and returns Mosquitto's session-present flag.</summary>
    public Task<bool> ConnectAsync(MqttClient client) => Within(client.ConnectAsync(Ct), $"CONNACK for {client.ClientId}");

    /// <summary>Completes with the next connection change of <paramref name="client"/> to <paramref name="connected"/>.</summary>
    public static Task<ConnectionStateChangedEventArgs> NextChange(MqttClient client, bool connected)
    {
        var change = new TaskCompletionSource<ConnectionStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += (_, e) =>
        {
            if (e.IsConnected == connected)
            {
                change.TrySetResult(e);
            }
        };
        return change.Task;
    }

    /// <summary>Runs mosquitto_pub against this broker.</summary>
    public Task PublishAsync(string topic, string message, MosquittoPublishOptions? options = null) =>
        Within(MosquittoClients.PublishAsync(Broker.Host, Broker.Port, topic, message, options, Ct), $"mosquitto_pub to '{topic}'");

    /// <summary>Starts mosquitto_sub against this broker; returns once Mosquitto acknowledged the subscription.</summary>
    public Task<MosquittoSubscription> StartSubscriberAsync(string topicFilter, int count, MosquittoSubscribeOptions? options = null) =>
        Within(MosquittoClients.StartSubscriberAsync(Broker.Host, Broker.Port, topicFilter, count, options, Ct), $"mosquitto_sub on '{topicFilter}' to subscribe");

    /// <summary>Waits for mosquitto_sub's messages.</summary>
    public Task<IReadOnlyList<MosquittoMessage>> MessagesAsync(MosquittoSubscription subscription) =>
        Within(subscription.WaitAsync(Ct), "mosquitto_sub's messages");

    /// <summary>
    /// Waits for the first Mosquitto log line at index <paramref name="fromLine"/> or later whose text after the
    /// "1712345678: " timestamp is exactly <paramref name="text"/>; returns the index just past it.
    /// </summary>
    public async Task<int> LogLineAsync(string text, int fromLine = 0)
    {
        var line = await Within(Broker.Log.WaitForAsync(l => Untimed(l) == text, fromLine, Ct), $"Mosquitto to log '{text}'");
        var lines = Broker.Log.Lines;
        for (var i = fromLine; i < lines.Count; i++)
        {
            if (ReferenceEquals(lines[i], line))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"The log line '{line}' vanished.");
    }

    /// <summary>Mosquitto's log lines from <paramref name="fromLine"/> on, without their timestamps.</summary>
    public IReadOnlyList<string> LogFrom(int fromLine) => [.. Broker.Log.Lines.Skip(fromLine).Select(Untimed)];

    /// <summary>Awaits <paramref name="task"/>; if the safety timeout ends it, fails saying what did not happen, with the logs.</summary>
    public async Task<T> Within<T>(Task<T> task, string what)
    {
        await Within((Task)task, what);
        return await task;
    }

    /// <inheritdoc cref="Within{T}(Task{T}, string)"/>
    public async Task Within(Task task, string what)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException ex) when (_timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited {SafetyTimeout.TotalSeconds} s for {what}; it did not happen.\n{ex.Message}\n{Logs()}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var client in _clients)
            {
                await client.DisposeAsync();
            }
        }
        finally
        {
            // Even when a client fails to close, Mosquitto must not outlive the test.
            if (_broker is not null)
            {
                await _broker.DisposeAsync();
            }

            _timeout.Dispose();
        }
    }

    private string Logs()
    {
        string clientLog;
        lock (_clientLog)
        {
            clientLog = string.Join('\n', _clientLog);
        }

        return $"--- our client log ---\n{clientLog}\n--- mosquitto log ---\n{_broker?.Log}";
    }

    private static string Untimed(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && !line.AsSpan(0, colon).ContainsAnyExceptInRange('0', '9') ? line[(colon + 2)..] : line;
    }
}
