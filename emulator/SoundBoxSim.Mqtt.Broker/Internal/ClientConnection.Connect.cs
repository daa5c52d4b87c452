using System.Globalization;
using SoundBoxSim.Mqtt.Codec;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

internal sealed partial class ClientConnection
{
    private string? _userName;
    private WillMessage? _will;
    private KeepAliveMonitor? _keepAlive;

    /// <summary>Reads and answers CONNECT (section 3.1); false when the connection must close instead.</summary>
    private async Task<bool> ConnectAsync()
    {
        var options = _broker.Options;
        MqttPacket? first;
        using (var timeout = new CancellationTokenSource(options.ConnectTimeout, _broker.Time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _closing.Token))
        {
            try
            {
                first = await _connection.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_closing.IsCancellationRequested)
            {
                Close(CloseReason.ConnectTimeout, MqttLogLevel.Warning,
                    $"no CONNECT within {options.ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, closed [{BrokerRules.ConnectTimeout}]");
                return false;
            }
            catch (MqttProtocolException violation) when (violation.ConnectReturnCode is { } code)
            {
                // MQTT-3.1.2-2 (level) and MQTT-3.1.3-8 (empty id): answer with the code, then close.
                await RefuseAsync(code, violation.Message);
                return false;
            }
        }

        switch (first)
        {
            case null:
                Close(CloseReason.ConnectionLost, MqttLogLevel.Information, "closed before sending CONNECT");
                return false;
            case ConnectPacket connect:
                return await AcceptAsync(connect);
            default:
                throw new MqttProtocolException(BrokerRules.FirstPacketConnect, $"The first packet is {Name(first)}; it must be CONNECT.");
        }
    }

    private async Task<bool> AcceptAsync(ConnectPacket connect)
    {
        var options = _broker.Options;
        if (connect.ClientId.Length == 0 && !connect.CleanSession)
        {
            // The codec already refuses this; kept so the rule holds whatever reads the packet.
            await RefuseAsync(ConnectReturnCode.IdentifierRejected, $"an empty client id needs Clean Session 1 [{MqttRules.EmptyClientIdNeedsCleanSession}]");
            return false;
        }

        // MQTT-3.1.3-6: an empty id with a clean session gets one assigned.
        ClientId = connect.ClientId.Length == 0 ? $"auto-{Guid.NewGuid():N}" : connect.ClientId;
        _userName = connect.UserName;
        var code = _broker.Authenticate(ClientId, connect.UserName, connect.Password);
        if (code != ConnectReturnCode.Accepted)
        {
            await RefuseAsync(code, $"the Authenticate callback said no [{BrokerRules.ConnectRefused}]");
            return false;
        }

        if (connect.Will is { } will && !_broker.IsAuthorized(ClientId, _userName, will.Topic, TopicAccess.Publish))
        {
            await RefuseAsync(ConnectReturnCode.NotAuthorized, $"the Will topic '{will.Topic}' is not allowed [{BrokerRules.ConnectRefused}]");
            return false;
        }

        _will = connect.Will;
        if (KeepAliveMonitor.LimitFor(connect.KeepAliveSeconds, options.KeepAliveFactor) is { } limit)
        {
            // Armed before the CONNACK is sent, so a client that has its CONNACK knows the timer runs.
            var text = string.Create(CultureInfo.InvariantCulture,
                $"nothing received for {limit.TotalSeconds} s ({options.KeepAliveFactor} x keep-alive {connect.KeepAliveSeconds} s), closed [{BrokerRules.KeepAlive}]");
            _keepAlive = new KeepAliveMonitor(_broker.Time, limit, () => Close(CloseReason.KeepAliveTimeout, MqttLogLevel.Warning, text));
        }

        var (session, present, previous) = _broker.Sessions.Attach(this, ClientId, connect.CleanSession);
        _session = session;
        _broker.Metrics.Add(Counter.ConnectedClients);
        previous?.Close(CloseReason.TakenOver, MqttLogLevel.Warning, $"taken over by a new connection from {RemoteEndPoint}, closed [{BrokerRules.Takeover}]");

        // Sent here, before the writer starts, so it is the first packet (MQTT-3.2.0-1) and goes out even if this
        // connection is taken over right away, as Mosquitto does. Not cancellable: the first 4 bytes on a fresh
        // connection never wait for buffer space.
        if (!await _connection.SendAsync(new ConnAckPacket(present, ConnectReturnCode.Accepted), CancellationToken.None))
        {
            Close(CloseReason.ConnectionLost, MqttLogLevel.Warning, $"closed the connection before its CONNACK [{BrokerRules.NoDisconnect}]");
            return false;
        }

        var kind = connect.CleanSession ? "clean session" : present ? "persistent session resumed" : "new persistent session";
        _broker.Log.Write(MqttLogLevel.Information, $"{Describe()}: connected ({kind}, keep-alive {connect.KeepAliveSeconds} s)");
        return true;
    }

    /// <summary>Answers CONNECT with a refusal code, then closes (MQTT-3.2.2-5); Session Present is 0 (MQTT-3.2.2-4).</summary>
    private async Task RefuseAsync(ConnectReturnCode code, string reason)
    {
        try
        {
            await _connection.SendAsync(new ConnAckPacket(false, code), _closing.Token);
        }
        catch (OperationCanceledException)
        {
            // Closed meanwhile; the refusal is still the reason logged.
        }

        Close(CloseReason.Refused, MqttLogLevel.Warning, $"refused with CONNACK 0x{(byte)code:X2} ({code}): {reason}");
    }

    private static string Name(MqttPacket packet) => packet.PacketType.ToString().ToUpperInvariant();
}
