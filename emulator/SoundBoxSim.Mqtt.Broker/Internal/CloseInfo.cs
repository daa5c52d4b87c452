using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>The first reason a connection was closed for, with the text of its one log line.</summary>
internal sealed record CloseInfo(CloseReason Reason, MqttLogLevel Level, string Text)
{
    /// <summary>Whether the Will is published: on every end but DISCONNECT and a broker stop (section 3.1.2.5).</summary>
    public bool PublishesWill => Reason is not (CloseReason.Disconnect or CloseReason.Stopping);
}
