namespace SoundBoxSim.Cli.Tests;

/// <summary>A writer that lets a test wait for a line containing some text.</summary>
internal sealed class LineWriter : StringWriter
{
    private readonly List<(string Text, TaskCompletionSource<string> Signal)> _waiters = [];
    private readonly List<string> _lines = [];

    public override void WriteLine(string? value)
    {
        lock (_lines)
        {
            _lines.Add(value ?? "");
            foreach (var waiter in _waiters.Where(w => (value ?? "").Contains(w.Text, StringComparison.Ordinal)).ToList())
            {
                waiter.Signal.TrySetResult(value!);
                _waiters.Remove(waiter);
            }
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public Task<string> WaitForLineAsync(string text, CancellationToken cancellationToken)
    {
        lock (_lines)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return Task.FromResult(line);
            }

            var signal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }
}
