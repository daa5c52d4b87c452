namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// Rules the broker itself enforces, beyond those the codec checks (<see cref="Codec.MqttRules"/>); the ids are the
/// MQTT 3.1.1 normative statement ids, or the section where no id exists.
/// </summary>
internal static class BrokerRules
{
    /// <summary>The first packet on a connection must be CONNECT.</summary>
    public const string FirstPacketConnect = "MQTT-3.1.0-1";

    /// <summary>A second CONNECT on a connection is a protocol violation.</summary>
    public const string SecondConnect = "MQTT-3.1.0-2";

    /// <summary>No CONNECT "within a reasonable amount of time" (section 3.1, non-normative).</summary>
    public const string ConnectTimeout = "MQTT-3.1 connect timeout";

    /// <summary>No packet within one and a half keep-alive periods.</summary>
    public const string KeepAlive = "MQTT-3.1.2-24";

    /// <summary>A second connection with the same client id disconnects the first.</summary>
    public const string Takeover = "MQTT-3.1.4-2";

    /// <summary>A packet only a server may send (CONNACK, SUBACK, UNSUBACK, PINGRESP) came from a client.</summary>
    public const string ServerOnlyPacket = "MQTT-4.8.0-1";

    /// <summary>The client closed the connection without DISCONNECT (section 3.1.2.5 lists this as abnormal).</summary>
    public const string NoDisconnect = "MQTT-3.1.2-8";

    /// <summary>A refused CONNECT: the CONNACK carried a non-zero code and the connection was closed.</summary>
    public const string ConnectRefused = "MQTT-3.2.2-5";
}
