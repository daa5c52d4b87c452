namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>
/// The lines a child process printed, in order, with waits that complete when a matching line arrives:
/// tests wait on the log instead of sleeping. Thread-safe.
/// </summary>
public sealed class LineLog
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, int From, TaskCompletionSource<string> Found)> _waiters = [];

    /// <summary>The number of lines so far; pass it to <see cref="WaitForAsync(string, int, CancellationToken)"/> to match only later lines.</summary>
    public int Count
    {
        get { lock (_lock) { return _lines.Count; } }
    }

    /// <summary>A copy of every line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lock) { return [.. _lines]; } }
    }

    /// <summary>Every line so far, one per line, for failure messages.</summary>
    public override string ToString() => string.Join('\n', Lines);

    /// <summary>Appends a line and completes the waits it matches.</summary>
    public void Add(string line)
    {
        List<TaskCompletionSource<string>> found = [];
        lock (_lock)
        {
            _lines.Add(line);
            var index = _lines.Count - 1;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (index >= _waiters[i].From && _waiters[i].Match(line))
                {
                    found.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var signal in found)
        {
            signal.TrySetResult(line);
        }
    }

    /// <summary>Completes with the first line at index <paramref name="fromLine"/> or later that matches.</summary>
    public Task<string> WaitForAsync(Func<string, bool> match, int fromLine = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_lock)
        {
            for (var i = Math.Max(fromLine, 0); i < _lines.Count; i++)
            {
                if (match(_lines[i]))
                {
                    return Task.FromResult(_lines[i]);
                }
            }

            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, fromLine, found));
            return WaitAsync(found, cancellationToken);
        }
    }

    /// <summary>Completes with the first line at index <paramref name="fromLine"/> or later that contains <paramref name="text"/>.</summary>
    public Task<string> WaitForAsync(string text, int fromLine = 0, CancellationToken cancellationToken = default) =>
        WaitForAsync(line => line.Contains(text, StringComparison.Ordinal), fromLine, cancellationToken);

    private async Task<string> WaitAsync(TaskCompletionSource<string> found, CancellationToken cancellationToken)
    {
        try
        {
            return await found.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (_lock) { _waiters.RemoveAll(w => w.Found == found); }
            throw;
        }
    }
}
