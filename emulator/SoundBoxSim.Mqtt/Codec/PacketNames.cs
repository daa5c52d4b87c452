using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>The spec's upper-case packet names, for messages.</summary>
internal static class PacketNames
{
    private static readonly string[] Names =
    [
        "reserved type 0", "CONNECT", "CONNACK", "PUBLISH", "PUBACK", "PUBREC", "PUBREL", "PUBCOMP",
        "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "PINGREQ", "PINGRESP", "DISCONNECT", "reserved type 15",
    ];

    public static string Of(MqttPacketType type) => Names[(int)type & 0x0F];
}
