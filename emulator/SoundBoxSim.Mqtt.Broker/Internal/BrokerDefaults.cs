namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>The defaults of <see cref="MqttBrokerOptions"/>, in one place so docs and tests can point at them.</summary>
internal static class BrokerDefaults
{
    public const int Port = 1883;

    /// <summary>1 MiB: far above a payment notification, far below the 256 MiB MQTT allows, so one bad client cannot make us buffer much.</summary>
    public const int MaximumPacketSize = 1 << 20;

    public const int MaxQueuedMessagesPerSession = 1_000;

    /// <summary>Mosquitto's <c>max_inflight_messages</c> default, so load comparisons are like for like.</summary>
    public const int MaxInflightMessagesPerSession = 20;

    public const double KeepAliveFactor = 1.5;

    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
}
