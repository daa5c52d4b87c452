namespace SoundBoxSim.Mqtt.Broker.Tests.Support;

/// <summary>Hand-built frames our codec's writer refuses to produce.</summary>
internal static class Frames
{
    /// <summary>A CONNECT with any protocol name, level, flags and client id, keep-alive 0.</summary>
    public static byte[] Connect(byte level = 4, byte flags = 0x02, string name = "MQTT", string clientId = "x")
    {
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        var idBytes = System.Text.Encoding.ASCII.GetBytes(clientId);
        List<byte> body = [0, (byte)nameBytes.Length, .. nameBytes, level, flags, 0, 0, 0, (byte)idBytes.Length, .. idBytes];
        return [0x10, (byte)body.Count, .. body];
    }

    /// <summary>A QoS 0 PUBLISH whose topic is the given raw bytes.</summary>
    public static byte[] PublishWithTopicBytes(params byte[] topic)
    {
        List<byte> body = [0, (byte)topic.Length, .. topic, (byte)'p'];
        return [0x30, (byte)body.Count, .. body];
    }
}
