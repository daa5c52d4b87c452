using System.Threading.Channels;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Tests.Client;

/// <summary>
/// The broker side of in-memory connections, driven packet by packet by a test: each client connection
/// attempt appears in <see cref="AcceptAsync"/>, and the test reads and answers packets itself.
/// </summary>
internal sealed class ScriptedBroker : IAsyncDisposable
{
    private readonly Channel<MqttConnection> _accepted = Channel.CreateUnbounded<MqttConnection>();
    private readonly List<MqttConnection> _all = [];

    public Task<IMqttTransport> ConnectAsync(CancellationToken cancellationToken)
    {
        var (client, server) = MemoryTransport.CreatePair();
        var connection = new MqttConnection(server);
        lock (_all)
        {
            _all.Add(connection);
        }

        _accepted.Writer.TryWrite(connection);
        return Task.FromResult<IMqttTransport>(client);
    }

    public async Task<MqttConnection> AcceptAsync() =>
        await _accepted.Reader.ReadAsync(TestContext.Current.CancellationToken);

    /// <summary>Accepts the next connection, reads its CONNECT and answers CONNACK.</summary>
    public async Task<(MqttConnection Connection, ConnectPacket Connect)> AcceptAndAckAsync(bool sessionPresent = false)
    {
        var connection = await AcceptAsync();
        var connect = await connection.ExpectAsync<ConnectPacket>();
        await connection.SendAsync(new ConnAckPacket(sessionPresent, ConnectReturnCode.Accepted), TestContext.Current.CancellationToken);
        return (connection, connect);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
        {
            await connection.DisposeAsync();
        }
    }
}

internal static class MqttConnectionTestExtensions
{
    /// <summary>Reads the next packet and asserts its type.</summary>
    public static async Task<T> ExpectAsync<T>(this MqttConnection connection) where T : MqttPacket
    {
        var packet = await connection.ReadAsync(TestContext.Current.CancellationToken);
        return Assert.IsType<T>(packet);
    }
}
