using SoundBoxSim.Mqtt.Broker.Internal;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Broker.Tests.Internal;

public sealed class SubscriptionTableTests
{
    private static readonly string[] Levels = ["a", "b", "$SYS", "", "c"];

    [Fact]
    public void Match_RandomFiltersAndTopics_AgreesWithTopicFilterMatches()
    {
        using var sut = new SubscriptionTable();
        var random = new Random(7);
        var sessions = Enumerable.Range(0, 40).Select(i => new Session($"s{i}", 10, 10)).ToList();
        var filters = new Dictionary<Session, string>();
        foreach (var session in sessions)
        {
            var filter = RandomFilter(random);
            filters[session] = filter;
            sut.Add(filter, session, QualityOfService.AtLeastOnce);
        }

        for (var i = 0; i < 2_000; i++)
        {
            var topic = RandomTopic(random);
            var matches = new Dictionary<Session, QualityOfService>();
            sut.Match(topic, matches);

            var expected = sessions.Where(s => TopicFilter.Matches(filters[s], topic)).Select(s => s.ClientId).Order(StringComparer.Ordinal);
            Assert.Equal(expected, matches.Keys.Select(s => s.ClientId).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Match_OneSessionSeveralFilters_OnceWithHighestQoS()
    {
        using var sut = new SubscriptionTable();
        var session = new Session("s", 10, 10);
        sut.Add("a/#", session, QualityOfService.AtMostOnce);
        sut.Add("a/+", session, QualityOfService.ExactlyOnce);
        sut.Add("a/b", session, QualityOfService.AtLeastOnce);
        var matches = new Dictionary<Session, QualityOfService>();

        sut.Match("a/b", matches);

        Assert.Equal(QualityOfService.ExactlyOnce, Assert.Single(matches).Value);
    }

    [Fact]
    public void Remove_LastSubscriptionOfABranch_PrunesAndStopsMatching()
    {
        using var sut = new SubscriptionTable();
        var one = new Session("one", 10, 10);
        var two = new Session("two", 10, 10);
        sut.Add("devices/SB-1/#", one, QualityOfService.AtMostOnce);
        sut.Add("devices/SB-1/notify", two, QualityOfService.AtMostOnce);

        Assert.True(sut.Remove("devices/SB-1/#", one));
        Assert.False(sut.Remove("devices/SB-1/#", one));
        var matches = new Dictionary<Session, QualityOfService>();
        sut.Match("devices/SB-1/notify", matches);

        Assert.Equal(["two"], matches.Keys.Select(s => s.ClientId));
        Assert.Equal(1, sut.Count);
    }

    [Fact]
    public void Add_TenThousandDevices_EachTopicMatchesOnlyItsDevice()
    {
        using var sut = new SubscriptionTable();
        var sessions = Enumerable.Range(0, 10_000).Select(i => new Session($"SB-{i}", 10, 10)).ToArray();
        foreach (var session in sessions)
        {
            sut.Add($"devices/{session.ClientId}/#", session, QualityOfService.AtLeastOnce);
        }

        var matches = new Dictionary<Session, QualityOfService>();
        for (var i = 0; i < sessions.Length; i += 997)
        {
            matches.Clear();
            sut.Match($"devices/SB-{i}/notify", matches);
            Assert.Same(sessions[i], Assert.Single(matches).Key);
        }

        foreach (var session in sessions)
        {
            sut.Remove($"devices/{session.ClientId}/#", session);
        }

        Assert.Equal(0, sut.Count);
    }

    private static string RandomFilter(Random random)
    {
        var levels = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(5) switch
        {
            0 => "+",
            _ => Levels[random.Next(Levels.Length)],
        }).ToList();
        if (random.Next(3) == 0)
        {
            levels.Add("#");
        }

        return string.Join('/', levels);
    }

    private static string RandomTopic(Random random)
    {
        var topic = string.Join('/', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Levels[random.Next(Levels.Length)]));
        return topic.Length == 0 ? "a" : topic;
    }
}
