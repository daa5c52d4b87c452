using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Codec;

/// <summary>
/// Bytes or a packet that break an MQTT 3.1.1 rule. The reader throws it for malformed input, the writer for a
/// packet that cannot be written as a well-formed frame. <see cref="Rule"/> names the rule (see
/// <see cref="MqttRules"/>); the message says what was wrong with the offending value.
/// </summary>
/// <remarks>
/// The spec's answer to almost every violation is to close the network connection (MQTT-4.8.0-1). Where it
/// asks a server to answer with a CONNACK first, <see cref="ConnectReturnCode"/> holds the code to send.
/// </remarks>
public sealed class MqttProtocolException : Exception
{
    /// <summary>Creates the exception for a broken <paramref name="rule"/>.</summary>
    /// <param name="rule">The rule broken, one of <see cref="MqttRules"/>; it is appended to the message.</param>
    /// <param name="message">What was wrong with which value.</param>
    /// <param name="connectReturnCode">The CONNACK code a server must answer with before closing, if any.</param>
    public MqttProtocolException(string rule, string message, ConnectReturnCode? connectReturnCode = null)
        : base($"{message} [{rule}]")
    {
        Rule = rule;
        ConnectReturnCode = connectReturnCode;
    }

    /// <summary>Creates the exception for a generic protocol violation (<see cref="MqttRules.ProtocolViolation"/>).</summary>
    public MqttProtocolException()
        : this(MqttRules.ProtocolViolation, "The MQTT protocol was violated.")
    {
    }

    /// <summary>Creates the exception for a generic protocol violation (<see cref="MqttRules.ProtocolViolation"/>).</summary>
    /// <param name="message">What was wrong.</param>
    public MqttProtocolException(string message)
        : this(MqttRules.ProtocolViolation, message)
    {
    }

    /// <summary>Creates the exception for a generic protocol violation, wrapping its cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MqttProtocolException(string message, Exception innerException)
        : base($"{message} [{MqttRules.ProtocolViolation}]", innerException)
    {
        Rule = MqttRules.ProtocolViolation;
    }

    /// <summary>
    /// The rule broken: the spec's normative statement id such as "MQTT-3.1.2-3" where one exists, else the
    /// section that states the rule such as "MQTT-2.2.3"; always one of the <see cref="MqttRules"/> constants.
    /// </summary>
    public string Rule { get; }

    /// <summary>
    /// The CONNACK return code the spec obliges a server to send before closing the connection, or
    /// <see langword="null"/> when it should just close. Set for an unsupported protocol level (0x01,
    /// MQTT-3.1.2-2) and for an empty client identifier without clean session (0x02, MQTT-3.1.3-8).
    /// </summary>
    public ConnectReturnCode? ConnectReturnCode { get; }
}
