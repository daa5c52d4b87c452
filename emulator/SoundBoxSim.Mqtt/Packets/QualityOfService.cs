namespace SoundBoxSim.Mqtt.Packets;

/// <summary>MQTT delivery guarantee (MQTT 3.1.1 section 4.3).</summary>
public enum QualityOfService : byte
{
    /// <summary>At most once: fire and forget.</summary>
    AtMostOnce = 0,

    /// <summary>At least once: acknowledged with PUBACK, redelivered with DUP until then.</summary>
    AtLeastOnce = 1,

    /// <summary>Exactly once: the four-step PUBREC/PUBREL/PUBCOMP handshake.</summary>
    ExactlyOnce = 2,
}
