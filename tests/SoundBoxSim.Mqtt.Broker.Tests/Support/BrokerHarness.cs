using System.Collections.Concurrent;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Testing;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Tests.Support;

/// <summary>
/// A broker on a manual clock with its log collected, plus a safety timeout for the test. Disposing it stops the
/// broker and fails the test if the broker logged anything at <see cref="MqttLogLevel.Error"/> (a bug, by our
/// definition), in the spirit of MQTTnet's TestEnvironment.
/// </summary>
internal sealed class BrokerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly ConcurrentQueue<(MqttLogLevel Level, string Line)> _log = new();

    public BrokerHarness(Func<MqttBrokerOptions, MqttBrokerOptions>? configure = null, TimeSpan? timeout = null)
    {
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        _timeout.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var options = new MqttBrokerOptions { TimeProvider = Time, Log = (level, line) => _log.Enqueue((level, line)) };
        Broker = new MqttBroker(configure is null ? options : configure(options));
    }

    public ManualTimeProvider Time { get; } = new();

    public MqttBroker Broker { get; }

    public CancellationToken Token => _timeout.Token;

    /// <summary>Whether Error lines are expected (a test of a throwing callback); otherwise they fail the test.</summary>
    public bool AllowErrors { get; set; }

    public IReadOnlyList<string> Lines(MqttLogLevel? level = null) =>
        [.. _log.Where(entry => level is null || entry.Level == level).Select(entry => entry.Line)];

    /// <summary>A raw in-memory connection, served, with nothing sent yet.</summary>
    public RawClient Open()
    {
        var (client, server) = MemoryTransport.CreatePair();
        return new RawClient(client, Token, Broker.AcceptAsync(server, Token));
    }

    /// <summary>A connection that sent CONNECT and got an accepting CONNACK.</summary>
    public async Task<RawClient> ConnectAsync(string clientId, bool clean = true, ushort keepAlive = 0)
    {
        var client = Open();
        await client.ConnectAcceptedAsync(clientId, clean, keepAlive);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        _timeout.Dispose();
        if (!AllowErrors)
        {
            var errors = Lines(MqttLogLevel.Error);
            Assert.True(errors.Count == 0, $"The broker logged errors:\n{string.Join('\n', errors)}");
        }
    }
}
