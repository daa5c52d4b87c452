using System.Text;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Codec;

/// <summary>Random packets that obey every rule, for round trips through the writer and the reader.</summary>
internal sealed class RandomPackets(Random random)
{
    private static readonly string[] Words = ["sb", "sb-001", "cmd", "say", "đ", "₫", "\U0001F4B0", "$SYS", " ", "a b", "x"];

    public MqttPacket Next() => random.Next(14) switch
    {
        0 => Connect(),
        1 => new ConnAckPacket(false, (ConnectReturnCode)random.Next(6)) is var ack && ack.ReturnCode == 0 ? ack with { SessionPresent = random.Next(2) == 0 } : ack,
        2 => Publish(),
        3 => new PubAckPacket(Id()),
        4 => new PubRecPacket(Id()),
        5 => new PubRelPacket(Id()),
        6 => new PubCompPacket(Id()),
        7 => new SubscribePacket(Id(), Many(() => new TopicSubscription(Filter(), Qos()))),
        8 => new SubAckPacket(Id(), Many(() => random.Next(4) switch { 3 => SubAckReturnCode.Failure, var q => (SubAckReturnCode)q })),
        9 => new UnsubscribePacket(Id(), Many(Filter)),
        10 => new UnsubAckPacket(Id()),
        11 => PingReqPacket.Instance,
        12 => PingRespPacket.Instance,
        _ => DisconnectPacket.Instance,
    };

    private ConnectPacket Connect()
    {
        var clientId = random.Next(4) == 0 ? string.Empty : Text(1);
        var userName = random.Next(2) == 0 ? Text(0) : null;
        return new ConnectPacket(clientId)
        {
            CleanSession = clientId.Length == 0 || random.Next(2) == 0,
            KeepAliveSeconds = (ushort)random.Next(65_536),
            Will = random.Next(2) == 0 ? new WillMessage(TopicName(), Bytes()) { QoS = Qos(), Retain = random.Next(2) == 0 } : null,
            UserName = userName,
            Password = userName is not null && random.Next(2) == 0 ? Bytes() : (ReadOnlyMemory<byte>?)null,
        };
    }

    private PublishPacket Publish()
    {
        var qos = Qos();
        return new PublishPacket(TopicName(), Bytes())
        {
            QoS = qos,
            PacketId = qos == QualityOfService.AtMostOnce ? (ushort)0 : Id(),
            Dup = qos != QualityOfService.AtMostOnce && random.Next(2) == 0,
            Retain = random.Next(2) == 0,
        };
    }

    private string TopicName()
    {
        var name = string.Join('/', Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Text(random.Next(3) == 0 ? 0 : 1)));
        return name.Length == 0 ? "t" : name;
    }

    private string Filter()
    {
        var levels = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => random.Next(4) == 0 ? "+" : Text(0)).ToList();
        if (random.Next(3) == 0)
        {
            levels.Add("#");
        }

        var filter = string.Join('/', levels);
        return filter.Length == 0 ? "#" : filter;
    }

    private string Text(int minimumWords)
    {
        var builder = new StringBuilder();
        for (var count = minimumWords + random.Next(3); count > 0; count--)
        {
            builder.Append(Words[random.Next(Words.Length)]);
        }

        return builder.ToString();
    }

    private byte[] Bytes()
    {
        var bytes = new byte[random.Next(4) == 0 ? 0 : random.Next(300)];
        random.NextBytes(bytes);
        return bytes;
    }

    private T[] Many<T>(Func<T> next) => [.. Enumerable.Range(0, 1 + random.Next(4)).Select(_ => next())];

    private ushort Id() => (ushort)random.Next(1, 65_536);

    private QualityOfService Qos() => (QualityOfService)random.Next(3);
}
