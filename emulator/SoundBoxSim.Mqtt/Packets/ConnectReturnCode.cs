namespace SoundBoxSim.Mqtt.Packets;

/// <summary>The CONNACK return code (MQTT 3.1.1 section 3.2.2.3, table 3.1). Values 6-255 are reserved.</summary>
public enum ConnectReturnCode : byte
{
    /// <summary>0x00: connection accepted.</summary>
    Accepted = 0,

    /// <summary>0x01: the server does not support the protocol level the client asked for.</summary>
    UnacceptableProtocolVersion = 1,

    /// <summary>0x02: the client identifier is well-formed UTF-8 but not allowed by the server.</summary>
    IdentifierRejected = 2,

    /// <summary>0x03: the network connection works but the MQTT service is unavailable.</summary>
    ServerUnavailable = 3,

    /// <summary>0x04: the user name or password is malformed.</summary>
    BadUserNameOrPassword = 4,

    /// <summary>0x05: the client is not authorized to connect.</summary>
    NotAuthorized = 5,
}
