namespace SoundBoxSim.Device.Announcements;

/// <summary>The last N requestIds played, to refuse a second announcement of the same payment. Not thread-safe (the device's lock guards it).</summary>
internal sealed class DedupeWindow
{
    private readonly int _capacity;
    private readonly Queue<string> _order = new();
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);

    public DedupeWindow(int capacity, IEnumerable<string> remembered)
    {
        _capacity = capacity;
        foreach (var id in remembered)
        {
            Add(id);
        }
    }

    public bool Contains(string requestId) => _set.Contains(requestId);

    /// <summary>Remembers <paramref name="requestId"/>, forgetting the oldest beyond the capacity.</summary>
    public void Add(string requestId)
    {
        if (!_set.Add(requestId))
        {
            return;
        }

        _order.Enqueue(requestId);
        while (_order.Count > _capacity)
        {
            _set.Remove(_order.Dequeue());
        }
    }

    public IReadOnlyList<string> ToList() => [.. _order];
}
