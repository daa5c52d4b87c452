namespace SoundBoxSim.Mqtt.Codec;

/// <summary>
/// The rule ids <see cref="MqttProtocolException.Rule"/> takes. Ids ending in "-n" are the normative statement
/// ids of the MQTT 3.1.1 OASIS standard; shorter ids name the section that states a rule without an id.
/// </summary>
public static class MqttRules
{
    /// <summary>Any other protocol violation, including a field that runs past its frame or bytes left over (section 4.8).</summary>
    public const string ProtocolViolation = "MQTT-4.8.0-1";

    /// <summary>A string that is not well-formed UTF-8, including an encoded surrogate (section 1.5.3).</summary>
    public const string Utf8WellFormed = "MQTT-1.5.3-1";

    /// <summary>A string that holds U+0000 (section 1.5.3).</summary>
    public const string Utf8NullCharacter = "MQTT-1.5.3-2";

    /// <summary>A string or binary field longer than its two-byte length prefix can say, 65,535 bytes (section 1.5.3).</summary>
    public const string FieldLength = "MQTT-1.5.3";

    /// <summary>Packet type 0 or 15, which are reserved (section 2.2.1).</summary>
    public const string PacketTypeReserved = "MQTT-2.2.1";

    /// <summary>Fixed-header flags that must be 0 are not (section 2.2.2).</summary>
    public const string FixedHeaderFlags = "MQTT-2.2.2-1";

    /// <summary>A remaining length that needs a fifth byte or exceeds 268,435,455 (section 2.2.3).</summary>
    public const string RemainingLength = "MQTT-2.2.3";

    /// <summary>A packet identifier of 0 where one is required (section 2.3.1).</summary>
    public const string PacketIdNonZero = "MQTT-2.3.1-1";

    /// <summary>A QoS 0 PUBLISH that carries a packet identifier; writer only (section 2.3.1).</summary>
    public const string PacketIdWithQoS0 = "MQTT-2.3.1-5";

    /// <summary>A CONNECT protocol name other than "MQTT" (section 3.1.2.1).</summary>
    public const string ProtocolName = "MQTT-3.1.2-1";

    /// <summary>A CONNECT protocol level other than 4; a server answers CONNACK 0x01 (section 3.1.2.2).</summary>
    public const string ProtocolLevel = "MQTT-3.1.2-2";

    /// <summary>The reserved bit 0 of the CONNECT flags is set (section 3.1.2.3).</summary>
    public const string ConnectReservedFlag = "MQTT-3.1.2-3";

    /// <summary>Will QoS bits set without the Will Flag (section 3.1.2.6).</summary>
    public const string WillQoSWithoutWill = "MQTT-3.1.2-13";

    /// <summary>A Will QoS of 3 (section 3.1.2.6).</summary>
    public const string WillQoS = "MQTT-3.1.2-14";

    /// <summary>Will Retain set without the Will Flag (section 3.1.2.7).</summary>
    public const string WillRetainWithoutWill = "MQTT-3.1.2-15";

    /// <summary>The Password Flag set without the User Name Flag (section 3.1.2.9).</summary>
    public const string PasswordWithoutUserName = "MQTT-3.1.2-22";

    /// <summary>An empty client identifier without clean session; a server answers CONNACK 0x02 (section 3.1.3.1).</summary>
    public const string EmptyClientIdNeedsCleanSession = "MQTT-3.1.3-7";


    /// <summary>The reserved bits 7-1 of the CONNACK acknowledge flags are set (section 3.2.2.1).</summary>
    public const string ConnAckReservedFlags = "MQTT-3.2.2.1";

    /// <summary>Session Present set together with a non-zero return code (section 3.2.2.2).</summary>
    public const string SessionPresentWithError = "MQTT-3.2.2-4";

    /// <summary>A CONNACK return code 6-255, which are reserved (section 3.2.2.3).</summary>
    public const string ConnAckReturnCode = "MQTT-3.2.2.3";

    /// <summary>The DUP flag set on a QoS 0 PUBLISH (section 3.3.1.1).</summary>
    public const string DupWithQoS0 = "MQTT-3.3.1-2";

    /// <summary>A PUBLISH with both QoS bits set (section 3.3.1.2).</summary>
    public const string PublishQoS = "MQTT-3.3.1-4";

    /// <summary>A PUBLISH topic name with a wildcard character (section 3.3.2.1).</summary>
    public const string PublishTopicWildcard = "MQTT-3.3.2-2";

    /// <summary>PUBREL fixed-header flags other than 0010 (section 3.6.1).</summary>
    public const string PubRelFlags = "MQTT-3.6.1-1";

    /// <summary>SUBSCRIBE fixed-header flags other than 0010 (section 3.8.1).</summary>
    public const string SubscribeFlags = "MQTT-3.8.1-1";

    /// <summary>A SUBSCRIBE without any topic filter (section 3.8.3).</summary>
    public const string SubscribeEmpty = "MQTT-3.8.3-3";

    /// <summary>A requested QoS above 2, or reserved bits set in its byte (section 3.8.3).</summary>
    public const string SubscribeQoS = "MQTT-3.8.3-4";

    /// <summary>A SUBACK return code other than 0x00, 0x01, 0x02 and 0x80 (section 3.9.3).</summary>
    public const string SubAckReturnCode = "MQTT-3.9.3-2";

    /// <summary>UNSUBSCRIBE fixed-header flags other than 0010 (section 3.10.1).</summary>
    public const string UnsubscribeFlags = "MQTT-3.10.1-1";

    /// <summary>An UNSUBSCRIBE without any topic filter (section 3.10.3).</summary>
    public const string UnsubscribeEmpty = "MQTT-3.10.3-2";

    /// <summary>A wildcard character in a topic name, such as the Will topic (section 4.7.1).</summary>
    public const string TopicNameWildcard = "MQTT-4.7.1-1";

    /// <summary>A '#' that is not alone in the last level of a topic filter (section 4.7.1.2).</summary>
    public const string MultiLevelWildcard = "MQTT-4.7.1-2";

    /// <summary>A '+' that does not fill a whole level of a topic filter (section 4.7.1.3).</summary>
    public const string SingleLevelWildcard = "MQTT-4.7.1-3";

    /// <summary>An empty topic name or topic filter (section 4.7.3).</summary>
    public const string TopicEmpty = "MQTT-4.7.3-1";

    /// <summary>
    /// A packet larger than the reader's configured maximum. Not a rule of the spec but of this reader, which
    /// rejects such a packet as soon as its remaining length is read.
    /// </summary>
    public const string MaximumPacketSize = "MaximumPacketSize";
}
