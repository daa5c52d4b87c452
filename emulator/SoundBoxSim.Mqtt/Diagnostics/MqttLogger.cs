namespace SoundBoxSim.Mqtt.Diagnostics;

/// <summary>
/// Where the MQTT client and broker write their log lines. A delegate rather than ILogger keeps this library
/// free of packages; a host adapts it in one line, e.g. <c>(level, message) =&gt; logger.Log(Map(level), message)</c>.
/// </summary>
/// <param name="level">How much the line matters.</param>
/// <param name="message">One line of text.</param>
public delegate void MqttLogger(MqttLogLevel level, string message);
