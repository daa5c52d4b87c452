namespace SoundBoxSim.Mqtt.Client;

/// <summary>An operation needs a live connection and there is none (or it was lost while waiting).</summary>
public sealed class MqttClientNotConnectedException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public MqttClientNotConnectedException() : base("The MQTT client is not connected; call ConnectAsync, or wait for the automatic reconnect.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MqttClientNotConnectedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception wrapping <paramref name="innerException"/>.</summary>
    public MqttClientNotConnectedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
