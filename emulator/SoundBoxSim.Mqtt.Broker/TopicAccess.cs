namespace SoundBoxSim.Mqtt.Broker;

/// <summary>What a client wants to do with a topic, as asked of <see cref="MqttBrokerOptions.Authorize"/>.</summary>
public enum TopicAccess
{
    /// <summary>Publish to a topic name (a PUBLISH, or the Will given in CONNECT).</summary>
    Publish,

    /// <summary>Subscribe to a topic filter, which may hold wildcards.</summary>
    Subscribe,
}
