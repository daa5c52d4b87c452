using System.Globalization;

namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>
/// A running mosquitto_sub that exits after a set number of messages. Disposing it kills it with SIGKILL,
/// which the broker sees as an abnormal disconnect (its will, if any, is published).
/// </summary>
public sealed class MosquittoSubscription : IAsyncDisposable
{
    // One line per message: QoS, retain flag, payload as hex, then the topic (last, as it may hold spaces).
    // '%' and '@' start fields in -F, so the marker uses neither.
    internal const string Format = MessageMarker + "%q %r %x %t";
    private const string MessageMarker = "=msg ";

    private readonly ChildProcess _process;
    private readonly string _topicFilter;
    private readonly int _count;

    internal MosquittoSubscription(ChildProcess process, string topicFilter, int count)
    {
        _process = process;
        _topicFilter = topicFilter;
        _count = count;
    }

    /// <summary>
    /// The QoS the broker granted, 128 (0x80) if it refused the subscription, or -1 if every message arrived
    /// (from a resumed session) before the SUBACK.
    /// </summary>
    public int GrantedQos { get; private set; } = -1;

    /// <summary>The messages received so far.</summary>
    public IReadOnlyList<MosquittoMessage> Received =>
        [.. _process.Log.Lines.Where(l => l.StartsWith(MessageMarker, StringComparison.Ordinal)).Select(Parse)];

    /// <summary>Everything mosquitto_sub printed, including its debug lines.</summary>
    public LineLog Log => _process.Log;

    /// <summary>Waits until mosquitto_sub has its messages and has exited, then returns them.</summary>
    /// <exception cref="OperationCanceledException">Cancelled first; the message says what had arrived.</exception>
    /// <exception cref="InvalidOperationException">mosquitto_sub failed; the message holds its output.</exception>
    public async Task<IReadOnlyList<MosquittoMessage>> WaitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new OperationCanceledException(
                $"mosquitto_sub on '{_topicFilter}' got {Received.Count} of {_count} messages before cancellation.\n{Log}", ex, cancellationToken);
        }

        return _process.ExitCode == 0
            ? Received
            : throw new InvalidOperationException($"mosquitto_sub on '{_topicFilter}' exited with {_process.ExitCode}.\n{Log}");
    }

    /// <summary>Kills mosquitto_sub (SIGKILL) if it still runs.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    internal async Task WaitSubscribedAsync(CancellationToken cancellationToken)
    {
        // With -d, mosquitto_sub prints "Subscribed (mid: 1): 0" once the SUBACK is in.
        var subscribed = _process.Log.WaitForAsync("Subscribed (mid:", cancellationToken: cancellationToken);
        var exited = _process.WaitForExitAsync(cancellationToken);
        await Task.WhenAny(subscribed, exited);
        if (subscribed.IsCompletedSuccessfully)
        {
            var granted = subscribed.Result[(subscribed.Result.LastIndexOf(':') + 1)..].Trim();
            GrantedQos = int.Parse(granted, CultureInfo.InvariantCulture);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (_process.ExitCode == 0 && Received.Count == _count)
        {
            // A resumed session can deliver all its queued messages before the SUBACK; then it is done already.
            return;
        }

        throw new InvalidOperationException($"mosquitto_sub on '{_topicFilter}' exited with {_process.ExitCode} before subscribing.\n{Log}");
    }

    private static MosquittoMessage Parse(string line)
    {
        var parts = line[MessageMarker.Length..].Split(' ', 4);
        return new MosquittoMessage(
            parts[3],
            Convert.FromHexString(parts[2]),
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            parts[1] == "1");
    }
}
