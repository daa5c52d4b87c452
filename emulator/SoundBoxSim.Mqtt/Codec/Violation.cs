namespace SoundBoxSim.Mqtt.Codec;

/// <summary>A broken rule found by a check that reports rather than throws.</summary>
internal readonly record struct Violation(string Rule, string Message)
{
    public MqttProtocolException ToException() => new(Rule, Message);
}
