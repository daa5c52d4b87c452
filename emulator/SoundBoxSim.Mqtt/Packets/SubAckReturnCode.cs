namespace SoundBoxSim.Mqtt.Packets;

/// <summary>One SUBACK return code per requested filter (MQTT 3.1.1 section 3.9.3). Other values are reserved.</summary>
public enum SubAckReturnCode : byte
{
    /// <summary>0x00: subscribed, maximum QoS 0.</summary>
    SuccessMaximumQoS0 = 0x00,

    /// <summary>0x01: subscribed, maximum QoS 1.</summary>
    SuccessMaximumQoS1 = 0x01,

    /// <summary>0x02: subscribed, maximum QoS 2.</summary>
    SuccessMaximumQoS2 = 0x02,

    /// <summary>0x80: the subscription failed.</summary>
    Failure = 0x80,
}
