using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// A QoS 1 or 2 message sent to the client and not yet fully acknowledged (section 4.3). <paramref name="Released"/>
/// is set once a QoS 2 message got its PUBREC: from then on the broker owes a PUBREL, not the PUBLISH.
/// </summary>
internal readonly record struct Outgoing(PublishPacket Packet, bool Released);
