using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Broker.Tests.Internal;

public sealed class RetainedStoreTests
{
    private static readonly string[] Levels = ["a", "b", "$SYS", "", "c"];

    [Fact]
    public void Match_RandomTopicsAndFilters_AgreesWithTopicFilterMatches()
    {
        var sut = new RetainedStore();
        var random = new Random(11);
        var topics = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            var topic = string.Join('/', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Levels[random.Next(Levels.Length)]));
            if (topic.Length > 0 && topics.Add(topic))
            {
                sut.Set(new PublishPacket(topic, "x"u8.ToArray()));
            }
        }

        for (var i = 0; i < 1_000; i++)
        {
            var filter = string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(4) == 0 ? "+" : Levels[random.Next(Levels.Length)]));
            filter = random.Next(3) == 0 ? filter + "/#" : filter;
            filter = random.Next(10) == 0 ? "#" : filter;
            var found = new List<PublishPacket>();
            sut.Match(filter, found);

            var expected = topics.Where(topic => TopicFilter.Matches(filter, topic)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, found.Select(p => p.Topic).Order(StringComparer.Ordinal));
        }

        Assert.Equal(topics.Count, sut.Count);
    }

    [Fact]
    public void Set_StoresWithRetainAndWithoutIdOrDup()
    {
        var sut = new RetainedStore();

        sut.Set(new PublishPacket("a", "x"u8.ToArray()) { QoS = QualityOfService.AtLeastOnce, PacketId = 9, Dup = true });
        var found = new List<PublishPacket>();
        sut.Match("a", found);

        var stored = Assert.Single(found);
        Assert.Equal((true, (ushort)0, false, QualityOfService.AtLeastOnce), (stored.Retain, stored.PacketId, stored.Dup, stored.QoS));
    }

    [Fact]
    public void Set_EmptyPayload_DeletesAndPrunes()
    {
        var sut = new RetainedStore();
        sut.Set(new PublishPacket("a/b/c", "x"u8.ToArray()));
        sut.Set(new PublishPacket("a", "y"u8.ToArray()));

        sut.Set(new PublishPacket("a/b/c", ReadOnlyMemory<byte>.Empty));
        sut.Set(new PublishPacket("never/set", ReadOnlyMemory<byte>.Empty));
        var found = new List<PublishPacket>();
        sut.Match("#", found);

        Assert.Equal(["a"], found.Select(p => p.Topic));
        Assert.Equal(1, sut.Count);
    }
}
