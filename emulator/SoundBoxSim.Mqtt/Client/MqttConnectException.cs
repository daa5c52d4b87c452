using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Client;

/// <summary>A connection attempt failed: unreachable broker, timeout, or a CONNACK that refused the client.</summary>
public sealed class MqttConnectException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttConnectException(string message, ConnectReturnCode? returnCode = null, Exception? innerException = null)
        : base(message, innerException) => ReturnCode = returnCode;

    /// <summary>Creates the exception with no message.</summary>
    public MqttConnectException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MqttConnectException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public MqttConnectException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The broker's refusal code, when it answered CONNACK with one.</summary>
    public ConnectReturnCode? ReturnCode { get; }
}
