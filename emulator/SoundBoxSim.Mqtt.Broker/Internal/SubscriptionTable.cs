using System.Runtime.InteropServices;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// Every subscription of every session, as a trie of topic levels, so matching a topic costs one walk down its levels
/// (plus the '+' and '#' branches met on the way) however many thousands of sessions subscribe. Levels are looked up
/// by span, so matching allocates nothing. Empty branches are pruned on removal, so churn does not leak.
/// Thread-safe: matching takes a read lock, changes a write lock.
/// </summary>
internal sealed class SubscriptionTable : IDisposable
{
    private const string PlusKey = "+";
    private const string HashKey = "#";
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Node _root = new(null, string.Empty);
    private int _count;

    /// <summary>The number of (session, filter) subscriptions.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Adds a subscription or replaces the QoS of the same session's identical filter (MQTT-3.8.4-3).</summary>
    public void Add(string filter, Session session, QualityOfService qos)
    {
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in filter.Split(TopicFilter.LevelSeparator))
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(level, out var child))
                {
                    child = new Node(node, level);
                    node.Children.Add(level, child);
                }

                node = child;
            }

            node.Subscribers ??= [];
            if (node.Subscribers.TryAdd(session, qos))
            {
                _count++;
            }
            else
            {
                node.Subscribers[session] = qos;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes a session's subscription to exactly <paramref name="filter"/>; false when it had none.</summary>
    public bool Remove(string filter, Session session)
    {
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in filter.Split(TopicFilter.LevelSeparator))
            {
                if (node.Children is null || !node.Children.TryGetValue(level, out node))
                {
                    return false;
                }
            }

            if (node.Subscribers is null || !node.Subscribers.Remove(session))
            {
                return false;
            }

            _count--;
            Prune(node);
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds every session with a filter matching <paramref name="topic"/> to <paramref name="into"/>, once, with the
    /// highest QoS among its matching filters (MQTT-3.3.5-1). Filters starting with a wildcard skip '$' topics (MQTT-4.7.2-1).
    /// </summary>
    public void Match(string topic, Dictionary<Session, QualityOfService> into)
    {
        _lock.EnterReadLock();
        try
        {
            MatchBelow(_root, topic, 0, skipWildcards: topic.StartsWith('$'), into);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Matches the levels of <paramref name="topic"/> from <paramref name="start"/> on against the children of <paramref name="node"/>.</summary>
    private static void MatchBelow(Node node, string topic, int start, bool skipWildcards, Dictionary<Session, QualityOfService> into)
    {
        if (node.Children is not { } children)
        {
            return;
        }

        var lookup = children.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!skipWildcards && lookup.TryGetValue(HashKey, out var hash))
        {
            AddAll(hash, into); // '#' matches whatever is left, one level or more
        }

        var end = topic.IndexOf(TopicFilter.LevelSeparator, start);
        var level = end < 0 ? topic.AsSpan(start) : topic.AsSpan(start, end - start);
        var next = end < 0 ? -1 : end + 1;
        if (!skipWildcards && lookup.TryGetValue(PlusKey, out var plus))
        {
            MatchAt(plus, topic, next, into);
        }

        if (lookup.TryGetValue(level, out var exact))
        {
            MatchAt(exact, topic, next, into);
        }
    }

    /// <summary><paramref name="node"/> matched a level; <paramref name="next"/> is where the topic's next level starts, -1 after the last.</summary>
    private static void MatchAt(Node node, string topic, int next, Dictionary<Session, QualityOfService> into)
    {
        if (next >= 0)
        {
            MatchBelow(node, topic, next, skipWildcards: false, into);
            return;
        }

        AddAll(node, into);
        if (node.Children is { } children && children.TryGetValue(HashKey, out var hash))
        {
            AddAll(hash, into); // "sport/#" also matches "sport" (section 4.7.1.2)
        }
    }

    private static void AddAll(Node node, Dictionary<Session, QualityOfService> into)
    {
        if (node.Subscribers is null)
        {
            return;
        }

        foreach (var (session, qos) in node.Subscribers)
        {
            ref var best = ref CollectionsMarshal.GetValueRefOrAddDefault(into, session, out var found);
            if (!found || qos > best)
            {
                best = qos;
            }
        }
    }

    private static void Prune(Node node)
    {
        while (node.Parent is { } parent && node.Subscribers is null or { Count: 0 } && node.Children is null or { Count: 0 })
        {
            parent.Children!.Remove(node.Level);
            node = parent;
        }
    }

    private sealed class Node(Node? parent, string level)
    {
        public Node? Parent { get; } = parent;

        public string Level { get; } = level;

        public Dictionary<string, Node>? Children { get; set; }

        public Dictionary<Session, QualityOfService>? Subscribers { get; set; }
    }
}
