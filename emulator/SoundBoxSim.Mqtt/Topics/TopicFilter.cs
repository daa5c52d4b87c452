using SoundBoxSim.Mqtt.Codec;

namespace SoundBoxSim.Mqtt.Topics;

/// <summary>
/// Topic names, topic filters and how they match (MQTT 3.1.1 section 4.7). Pure functions: no state,
/// thread-safe, case-sensitive, no Unicode normalization (MQTT-4.7.3-4).
/// </summary>
/// <example>
/// <code>
/// TopicFilter.Matches("sport/tennis/+", "sport/tennis/player1");   // true
/// TopicFilter.Matches("sport/#", "sport");                         // true: '#' includes the parent level
/// TopicFilter.Matches("sport/+", "sport");                         // false: '+' needs a level
/// TopicFilter.Matches("#", "$SYS/uptime");                         // false: wildcards skip '$' topics
/// </code>
/// </example>
public static class TopicFilter
{
    /// <summary>The topic level separator, '/'.</summary>
    public const char LevelSeparator = '/';

    /// <summary>The single-level wildcard, '+': it fills exactly one level (section 4.7.1.3).</summary>
    public const char SingleLevelWildcard = '+';

    /// <summary>The multi-level wildcard, '#': the last level, matching the parent and any levels below (section 4.7.1.2).</summary>
    public const char MultiLevelWildcard = '#';

    /// <summary>
    /// Whether <paramref name="filter"/> is a valid topic filter: 1 to 65,535 bytes of UTF-8 without U+0000,
    /// each '+' filling a whole level, '#' only as the whole last level.
    /// </summary>
    /// <param name="filter">The filter to check.</param>
    /// <returns><see langword="true"/> when a SUBSCRIBE or UNSUBSCRIBE may carry it.</returns>
    public static bool IsValidFilter(string filter) => FindFilterProblem(filter, "The topic filter", out _) is null;

    /// <summary>
    /// Whether <paramref name="topicName"/> is a valid topic name: 1 to 65,535 bytes of UTF-8 without U+0000
    /// and without wildcards (MQTT-4.7.1-1).
    /// </summary>
    /// <param name="topicName">The topic name to check.</param>
    /// <returns><see langword="true"/> when a PUBLISH or a Will may carry it.</returns>
    public static bool IsValidTopicName(string topicName) =>
        FindTopicNameProblem(topicName, "The topic name", MqttRules.TopicNameWildcard, out _) is null;

    /// <summary>
    /// Whether <paramref name="filter"/> selects <paramref name="topicName"/> (section 4.7). A filter that starts
    /// with a wildcard never matches a topic name that starts with '$' (MQTT-4.7.2-1).
    /// </summary>
    /// <param name="filter">A topic filter.</param>
    /// <param name="topicName">A topic name.</param>
    /// <returns><see langword="true"/> on a match; <see langword="false"/> otherwise, or when either is invalid.</returns>
    public static bool Matches(string filter, string topicName)
    {
        if (!IsValidFilter(filter) || !IsValidTopicName(topicName))
        {
            return false;
        }

        if (topicName[0] == '$' && filter[0] is SingleLevelWildcard or MultiLevelWildcard)
        {
            return false;
        }

        var f = filter.AsSpan();
        var t = topicName.AsSpan();
        while (true)
        {
            if (f is [MultiLevelWildcard])
            {
                return true;
            }

            var fLevel = NextLevel(ref f, out var filterDone);
            var tLevel = NextLevel(ref t, out var topicDone);
            if (fLevel is not [SingleLevelWildcard] && !fLevel.SequenceEqual(tLevel))
            {
                return false;
            }

            if (topicDone)
            {
                // "sport/#" matches "sport": '#' also stands for the parent level.
                return filterDone || f is [MultiLevelWildcard];
            }

            if (filterDone)
            {
                return false;
            }
        }
    }

    /// <summary>Checks a topic filter; <see langword="null"/> when it is valid, with its UTF-8 length.</summary>
    internal static Violation? FindFilterProblem(string filter, string field, out int byteCount)
    {
        if (MqttString.FindProblem(filter, field, out byteCount) is { } stringProblem)
        {
            return stringProblem;
        }

        if (filter.Length == 0)
        {
            return new Violation(MqttRules.TopicEmpty, $"{field} is empty; it must be at least one character.");
        }

        var rest = filter.AsSpan();
        for (var level = 1; ; level++)
        {
            var text = NextLevel(ref rest, out var last);
            if (text.Contains(MultiLevelWildcard) && (text is not [MultiLevelWildcard] || !last))
            {
                return new Violation(
                    MqttRules.MultiLevelWildcard,
                    $"{field} \"{filter}\" has '#' in level {level} (\"{text}\"); '#' must be the whole last level.");
            }

            if (text.Contains(SingleLevelWildcard) && text is not [SingleLevelWildcard])
            {
                return new Violation(
                    MqttRules.SingleLevelWildcard,
                    $"{field} \"{filter}\" has '+' in level {level} (\"{text}\"); '+' must fill a whole level.");
            }

            if (last)
            {
                return null;
            }
        }
    }

    /// <summary>Checks a topic name, with its UTF-8 length; <paramref name="wildcardRule"/> is the rule a wildcard breaks there.</summary>
    internal static Violation? FindTopicNameProblem(string topicName, string field, string wildcardRule, out int byteCount)
    {
        if (MqttString.FindProblem(topicName, field, out byteCount) is { } stringProblem)
        {
            return stringProblem;
        }

        if (topicName.Length == 0)
        {
            return new Violation(MqttRules.TopicEmpty, $"{field} is empty; it must be at least one character.");
        }

        var wildcard = topicName.AsSpan().IndexOfAny(SingleLevelWildcard, MultiLevelWildcard);
        return wildcard >= 0
            ? new Violation(wildcardRule, $"{field} \"{topicName}\" holds the wildcard '{topicName[wildcard]}' at character {wildcard}; topic names cannot hold wildcards.")
            : null;
    }

    /// <summary>Cuts the first level off <paramref name="rest"/>; <paramref name="last"/> says no separator followed it.</summary>
    private static ReadOnlySpan<char> NextLevel(ref ReadOnlySpan<char> rest, out bool last)
    {
        var end = rest.IndexOf(LevelSeparator);
        last = end < 0;
        if (last)
        {
            var whole = rest;
            rest = [];
            return whole;
        }

        var level = rest[..end];
        rest = rest[(end + 1)..];
        return level;
    }
}
