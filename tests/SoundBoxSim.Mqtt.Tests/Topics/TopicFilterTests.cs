using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Tests.Topics;

/// <summary>The matching rules and worked examples of MQTT 3.1.1 section 4.7.</summary>
public sealed class TopicFilterTests
{
    [Theory]
    // Section 4.7.1.2: '#' matches the parent and any number of levels.
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("sport/#", "sport/", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("#", "/", true)]
    [InlineData("sport/tennis/#", "sport/football", false)]
    // Section 4.7.1.3: '+' matches exactly one level, empty included.
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+/tennis/#", "sport/tennis/player1", true)]
    [InlineData("a/+/b", "a//b", true)]
    [InlineData("sb/+/cmd/#", "sb/sb-001/cmd/say", true)]
    // Section 4.7.2: wildcards at the start never match '$' topics; explicit '$' filters do.
    [InlineData("#", "$SYS/uptime", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("+", "$SYS", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/#", "$SYS", true)]
    [InlineData("a/#", "a/$b", true)]
    // Section 4.7.3: exact, case-sensitive comparison.
    [InlineData("ACCOUNTS", "Accounts", false)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/b/", false)]
    [InlineData("a/b/", "a/b", false)]
    [InlineData("a//b", "a//b", true)]
    [InlineData("đ/+", "đ/₫", true)]
    // Invalid filter or topic name: never a match.
    [InlineData("a/#/b", "a/x/b", false)]
    [InlineData("a", "a/+", false)]
    [InlineData("", "a", false)]
    [InlineData("a", "", false)]
    public void Matches_SpecExample_ReturnsExpected(string filter, string topicName, bool expected) =>
        Assert.Equal(expected, TopicFilter.Matches(filter, topicName));

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("sport/#")]
    [InlineData("+/tennis/#")]
    [InlineData("sport/+/player1")]
    [InlineData("+/+")]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("$SYS/#")]
    [InlineData("a b/c")]
    public void IsValidFilter_ValidFilter_ReturnsTrue(string filter) => Assert.True(TopicFilter.IsValidFilter(filter));

    [Theory]
    [InlineData("")]
    [InlineData("sport/tennis#")]
    [InlineData("sport/tennis/#/ranking")]
    [InlineData("#/")]
    [InlineData("sport+")]
    [InlineData("a/+b")]
    [InlineData("a/++")]
    [InlineData("a\0b")]
    public void IsValidFilter_InvalidFilter_ReturnsFalse(string filter) => Assert.False(TopicFilter.IsValidFilter(filter));

    [Theory]
    [InlineData("a")]
    [InlineData("/")]
    [InlineData("$SYS/uptime")]
    [InlineData("a b")]
    [InlineData("đ/\U0001F4B0")]
    public void IsValidTopicName_ValidName_ReturnsTrue(string topicName) => Assert.True(TopicFilter.IsValidTopicName(topicName));

    [Theory]
    [InlineData("")]
    [InlineData("a/+")]
    [InlineData("#")]
    [InlineData("a#")]
    [InlineData("a\0")]
    public void IsValidTopicName_InvalidName_ReturnsFalse(string topicName) => Assert.False(TopicFilter.IsValidTopicName(topicName));

    [Fact]
    public void IsValidFilter_LoneSurrogate_ReturnsFalse() =>
        Assert.False(TopicFilter.IsValidFilter("a/\uD800"));

    [Fact]
    public void IsValidTopicName_LoneSurrogate_ReturnsFalse() =>
        Assert.False(TopicFilter.IsValidTopicName("a/\uDC00"));

    [Fact]
    public void IsValidTopicName_SurrogatePair_ReturnsTrue() =>
        Assert.True(TopicFilter.IsValidTopicName("\uD83D\uDCB0"));

    [Fact]
    public void IsValidTopicName_65535Bytes_ReturnsTrue() =>
        Assert.True(TopicFilter.IsValidTopicName(new string('a', ushort.MaxValue)));

    [Fact]
    public void IsValidTopicName_65536BytesOfTwoByteChars_ReturnsFalse() =>
        Assert.False(TopicFilter.IsValidTopicName(new string('đ', 32_768)));
}
