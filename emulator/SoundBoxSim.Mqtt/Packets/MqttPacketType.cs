namespace SoundBoxSim.Mqtt.Packets;

/// <summary>The control packet type: the high four bits of a packet's first byte (MQTT 3.1.1 section 2.2.1).</summary>
/// <remarks>Values 0 and 15 are reserved by the spec and never name a packet.</remarks>
public enum MqttPacketType : byte
{
    /// <summary>CONNECT: client request to connect to a server (section 3.1).</summary>
    Connect = 1,

    /// <summary>CONNACK: connect acknowledgment (section 3.2).</summary>
    ConnAck = 2,

    /// <summary>PUBLISH: an application message, in either direction (section 3.3).</summary>
    Publish = 3,

    /// <summary>PUBACK: QoS 1 publish acknowledgment (section 3.4).</summary>
    PubAck = 4,

    /// <summary>PUBREC: QoS 2 publish received, step one (section 3.5).</summary>
    PubRec = 5,

    /// <summary>PUBREL: QoS 2 publish release, step two (section 3.6).</summary>
    PubRel = 6,

    /// <summary>PUBCOMP: QoS 2 publish complete, step three (section 3.7).</summary>
    PubComp = 7,

    /// <summary>SUBSCRIBE: client subscribe request (section 3.8).</summary>
    Subscribe = 8,

    /// <summary>SUBACK: subscribe acknowledgment (section 3.9).</summary>
    SubAck = 9,

    /// <summary>UNSUBSCRIBE: client unsubscribe request (section 3.10).</summary>
    Unsubscribe = 10,

    /// <summary>UNSUBACK: unsubscribe acknowledgment (section 3.11).</summary>
    UnsubAck = 11,

    /// <summary>PINGREQ: client keep-alive ping (section 3.12).</summary>
    PingReq = 12,

    /// <summary>PINGRESP: server ping response (section 3.13).</summary>
    PingResp = 13,

    /// <summary>DISCONNECT: the client is disconnecting cleanly (section 3.14).</summary>
    Disconnect = 14,
}
