using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Topics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// The last retained message of each topic (section 3.3.1.3), as a trie of topic levels, so a new subscription walks
/// only the branches its filter can match instead of testing every retained topic. Thread-safe.
/// </summary>
internal sealed class RetainedStore
{
    private readonly Lock _lock = new();
    private readonly Node _root = new(null, string.Empty);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Stores <paramref name="message"/> for its topic, replacing the previous one (MQTT-3.3.1-5); an empty payload
    /// deletes it instead (MQTT-3.3.1-10, MQTT-3.3.1-11). The stored packet has Retain set and no packet id.
    /// </summary>
    public void Set(PublishPacket message)
    {
        lock (_lock)
        {
            if (message.Payload.IsEmpty)
            {
                Delete(message.Topic);
                return;
            }

            var node = _root;
            foreach (var level in message.Topic.Split(TopicFilter.LevelSeparator))
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(level, out var child))
                {
                    child = new Node(node, level);
                    node.Children.Add(level, child);
                }

                node = child;
            }

            if (node.Message is null)
            {
                _count++;
            }

            node.Message = message is { Retain: true, Dup: false, PacketId: 0 }
                ? message
                : message with { Retain = true, Dup = false, PacketId = 0 };
        }
    }

    /// <summary>Adds every retained message whose topic <paramref name="filter"/> matches to <paramref name="into"/>.</summary>
    public void Match(string filter, List<PublishPacket> into)
    {
        var levels = filter.Split(TopicFilter.LevelSeparator);
        lock (_lock)
        {
            Match(_root, levels, 0, into);
        }
    }

    private static void Match(Node node, string[] levels, int index, List<PublishPacket> into)
    {
        if (index == levels.Length)
        {
            if (node.Message is { } message)
            {
                into.Add(message);
            }

            return;
        }

        var atRoot = node.Parent is null;
        switch (levels[index])
        {
            case "#":
                if (node.Message is { } parent && !atRoot)
                {
                    into.Add(parent); // "sport/#" also matches "sport"
                }

                foreach (var child in Children(node, atRoot))
                {
                    AddSubtree(child, into);
                }

                break;
            case "+":
                foreach (var child in Children(node, atRoot))
                {
                    Match(child, levels, index + 1, into);
                }

                break;
            default:
                if (node.Children?.GetValueOrDefault(levels[index]) is { } exact)
                {
                    Match(exact, levels, index + 1, into);
                }

                break;
        }
    }

    /// <summary>The children a wildcard may enter: at the root, not the '$' topics (MQTT-4.7.2-1).</summary>
    private static IEnumerable<Node> Children(Node node, bool atRoot) =>
        node.Children is null ? [] : node.Children.Values.Where(child => !atRoot || !child.Level.StartsWith('$'));

    private static void AddSubtree(Node node, List<PublishPacket> into)
    {
        if (node.Message is { } message)
        {
            into.Add(message);
        }

        if (node.Children is not null)
        {
            foreach (var child in node.Children.Values)
            {
                AddSubtree(child, into);
            }
        }
    }

    private void Delete(string topic)
    {
        var node = _root;
        foreach (var level in topic.Split(TopicFilter.LevelSeparator))
        {
            if (node.Children is null || !node.Children.TryGetValue(level, out node))
            {
                return;
            }
        }

        if (node.Message is null)
        {
            return;
        }

        node.Message = null;
        _count--;
        while (node.Parent is { } parent && node.Message is null && node.Children is null or { Count: 0 })
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

        public PublishPacket? Message { get; set; }
    }
}
