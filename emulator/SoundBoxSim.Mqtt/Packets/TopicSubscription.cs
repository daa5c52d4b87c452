namespace SoundBoxSim.Mqtt.Packets;

/// <summary>One topic filter of a SUBSCRIBE packet with the QoS the client asks for (MQTT 3.1.1 section 3.8.3).</summary>
/// <param name="Filter">The topic filter; may hold the '+' and '#' wildcards (section 4.7.1).</param>
/// <param name="QoS">The highest QoS the client wants messages on this filter delivered with.</param>
public readonly record struct TopicSubscription(string Filter, QualityOfService QoS);
