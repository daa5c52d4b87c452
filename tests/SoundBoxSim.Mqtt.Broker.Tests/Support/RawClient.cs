using System.IO.Pipelines;
using System.Net;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Broker.Tests.Support;

/// <summary>
/// A deliberately dumb MQTT client for broker tests: it sends exactly the packets (or bytes) a test gives it and reads
/// the next packet when asked, so tests see the broker's every byte. No retries, no acks unless told.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly IMqttTransport _transport;
    private readonly MqttConnection _connection;
    private readonly CancellationToken _token;
    private bool _pinged;

    public RawClient(IMqttTransport transport, CancellationToken token, Task? served = null)
    {
        _transport = transport;
        _connection = new MqttConnection(transport);
        _token = token;
        Served = served ?? Task.CompletedTask;
    }

    /// <summary>Completes when the broker has finished with this connection (closed and logged it), when known.</summary>
    public Task Served { get; }

    public static async Task<RawClient> OpenTcpAsync(IPEndPoint endPoint, CancellationToken token) =>
        new(await SocketTransport.ConnectAsync(endPoint, token), token);

    public static ConnectPacket Connect(string clientId, bool clean = true, ushort keepAlive = 0, WillMessage? will = null) =>
        new(clientId) { CleanSession = clean, KeepAliveSeconds = keepAlive, Will = will };

    /// <summary>Sends CONNECT and returns the CONNACK.</summary>
    public async Task<ConnAckPacket> ConnectAsync(ConnectPacket connect)
    {
        await SendAsync(connect);
        return await ExpectAsync<ConnAckPacket>();
    }

    /// <summary>Sends CONNECT and checks it was accepted; returns Session Present.</summary>
    public async Task<bool> ConnectAcceptedAsync(string clientId, bool clean = true, ushort keepAlive = 0, WillMessage? will = null)
    {
        var connAck = await ConnectAsync(Connect(clientId, clean, keepAlive, will));
        Assert.Equal(ConnectReturnCode.Accepted, connAck.ReturnCode);
        return connAck.SessionPresent;
    }

    public async Task SendAsync(MqttPacket packet) => Assert.True(await _connection.SendAsync(packet, _token), $"could not send {packet}");

    public async Task SendRawAsync(params byte[] bytes)
    {
        await _transport.Output.WriteAsync(bytes, _token);
    }

    /// <summary>Half-closes: the broker sees the end of the stream, while we can still read its answer.</summary>
    public async Task CompleteOutputAsync() => await _transport.Output.CompleteAsync();

    public async Task<MqttPacket?> ReadAsync() => await _connection.ReadAsync(_token);

    public async Task<T> ExpectAsync<T>()
        where T : MqttPacket
    {
        var packet = await ReadAsync();
        return Assert.IsType<T>(packet);
    }

    /// <summary>Reads until the broker closes: the next read must find the stream ended.</summary>
    public async Task ExpectClosedAsync()
    {
        var packet = await ReadAsync();
        Assert.Null(packet);
    }

    /// <summary>Everything the broker sends until it closes, as raw bytes (for answers to garbage).</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        using var bytes = new MemoryStream();
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _transport.Input.ReadAsync(_token);
            }
            catch (IOException)
            {
                return bytes.ToArray(); // reset rather than closed (Mosquitto does that): the end all the same
            }

            foreach (var segment in result.Buffer)
            {
                bytes.Write(segment.Span);
            }

            _transport.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return bytes.ToArray();
            }
        }
    }

    public async Task<SubAckPacket> SubscribeAsync(string filter, QualityOfService qos = QualityOfService.AtMostOnce, ushort packetId = 1)
    {
        await SendAsync(new SubscribePacket(packetId, new TopicSubscription(filter, qos)));
        var subAck = await ExpectAsync<SubAckPacket>();
        Assert.Equal(packetId, subAck.PacketId);
        return subAck;
    }

    /// <summary>Publishes and completes the QoS handshake as a well-behaved client would.</summary>
    public async Task PublishAsync(string topic, string payload, QualityOfService qos = QualityOfService.AtMostOnce, bool retain = false, ushort packetId = 1)
    {
        var id = qos == QualityOfService.AtMostOnce ? (ushort)0 : packetId;
        await SendAsync(new PublishPacket(topic, System.Text.Encoding.UTF8.GetBytes(payload)) { QoS = qos, PacketId = id, Retain = retain });
        switch (qos)
        {
            case QualityOfService.AtLeastOnce:
                Assert.Equal(id, (await ExpectAsync<PubAckPacket>()).PacketId);
                break;
            case QualityOfService.ExactlyOnce:
                Assert.Equal(id, (await ExpectAsync<PubRecPacket>()).PacketId);
                await SendAsync(new PubRelPacket(id));
                Assert.Equal(id, (await ExpectAsync<PubCompPacket>()).PacketId);
                break;
        }
    }

    /// <summary>A round trip: once the PINGRESP is in, everything the broker queued before it has arrived.</summary>
    public async Task PingAsync() => await ExpectAfterPingAsync<PingRespPacket>();

    /// <summary>Sends PINGREQ and returns the next packet, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectAfterPingAsync<T>()
        where T : MqttPacket
    {
        await SendAsync(PingReqPacket.Instance);
        return await ExpectAsync<T>();
    }

    /// <summary>
    /// Drains what the broker has queued: sends a PINGREQ once, then returns each PUBLISH read before the PINGRESP,
    /// and null at the PINGRESP.
    /// </summary>
    public async Task<PublishPacket?> ExpectAfterPingOrPublishAsync()
    {
        if (!_pinged)
        {
            _pinged = true;
            await SendAsync(PingReqPacket.Instance);
        }

        var packet = await ReadAsync();
        if (packet is PingRespPacket)
        {
            _pinged = false;
            return null;
        }

        return Assert.IsType<PublishPacket>(packet);
    }

    public async Task DisconnectAsync() => await SendAsync(DisconnectPacket.Instance);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
