using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Codec;

internal static partial class PacketDecoder
{
    // Connect flags, section 3.1.2.3.
    private const byte ReservedFlag = 0x01;
    private const byte CleanSessionFlag = 0x02;
    private const byte WillFlag = 0x04;
    private const byte WillQoSMask = 0x18;
    private const byte WillRetainFlag = 0x20;
    private const byte PasswordFlag = 0x40;
    private const byte UserNameFlag = 0x80;

    private static ConnectPacket DecodeConnect(ref BodyReader reader)
    {
        var name = reader.ReadString("protocol name");
        if (name != ConnectPacket.ProtocolName)
        {
            throw new MqttProtocolException(MqttRules.ProtocolName, $"The CONNECT protocol name is \"{name}\"; MQTT 3.1.1 uses \"MQTT\".");
        }

        // Checked before anything else, so a broker can answer CONNACK 0x01 to MQTT 5 clients too.
        var level = reader.ReadByte("protocol level");
        if (level != ConnectPacket.ProtocolLevel)
        {
            throw new MqttProtocolException(
                MqttRules.ProtocolLevel,
                $"The CONNECT protocol level is {level}; this server speaks level 4 (MQTT 3.1.1) only.",
                ConnectReturnCode.UnacceptableProtocolVersion);
        }

        var flags = reader.ReadByte("connect flags");
        CheckConnectFlags(flags);
        var keepAlive = reader.ReadUInt16("keep alive");
        var clientId = reader.ReadString("client identifier");
        var cleanSession = (flags & CleanSessionFlag) != 0;
        if (clientId.Length == 0 && !cleanSession)
        {
            throw new MqttProtocolException(
                MqttRules.EmptyClientIdNeedsCleanSession,
                "The CONNECT client identifier is empty but Clean Session is 0; an empty identifier needs a clean session.",
                ConnectReturnCode.IdentifierRejected);
        }

        WillMessage? will = null;
        if ((flags & WillFlag) != 0)
        {
            var topic = reader.ReadString("will topic");
            if (TopicFilter.FindTopicNameProblem(topic, "The CONNECT will topic", MqttRules.TopicNameWildcard, out _) is { } problem)
            {
                throw problem.ToException();
            }

            will = new WillMessage(topic, reader.ReadBinary("will message"))
            {
                QoS = (QualityOfService)((flags & WillQoSMask) >> 3),
                Retain = (flags & WillRetainFlag) != 0,
            };
        }

        var userName = (flags & UserNameFlag) != 0 ? reader.ReadString("user name") : null;

        // Not a conditional expression: its null would pass through byte[] and become an empty password.
        ReadOnlyMemory<byte>? password = null;
        if ((flags & PasswordFlag) != 0)
        {
            password = reader.ReadBinary("password");
        }

        return new ConnectPacket(clientId)
        {
            CleanSession = cleanSession,
            KeepAliveSeconds = keepAlive,
            Will = will,
            UserName = userName,
            Password = password,
        };
    }

    private static void CheckConnectFlags(byte flags)
    {
        if ((flags & ReservedFlag) != 0)
        {
            throw new MqttProtocolException(MqttRules.ConnectReservedFlag, $"The CONNECT flags are 0x{flags:X2}; reserved bit 0 must be 0.");
        }

        var willQoS = (flags & WillQoSMask) >> 3;
        if ((flags & WillFlag) == 0)
        {
            if (willQoS != 0)
            {
                throw new MqttProtocolException(MqttRules.WillQoSWithoutWill, $"The CONNECT flags 0x{flags:X2} set Will QoS {willQoS} without the Will Flag.");
            }

            if ((flags & WillRetainFlag) != 0)
            {
                throw new MqttProtocolException(MqttRules.WillRetainWithoutWill, $"The CONNECT flags 0x{flags:X2} set Will Retain without the Will Flag.");
            }
        }
        else if (willQoS == 3)
        {
            throw new MqttProtocolException(MqttRules.WillQoS, $"The CONNECT flags 0x{flags:X2} set Will QoS 3; it must be 0, 1 or 2.");
        }

        if ((flags & PasswordFlag) != 0 && (flags & UserNameFlag) == 0)
        {
            throw new MqttProtocolException(MqttRules.PasswordWithoutUserName, $"The CONNECT flags 0x{flags:X2} set the Password Flag without the User Name Flag.");
        }
    }
}
