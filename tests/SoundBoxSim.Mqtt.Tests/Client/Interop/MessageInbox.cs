using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Tests.Client.Interop;

/// <summary>Records every message an <see cref="MqttClient"/> receives, in order, and waits for a number of them.</summary>
internal sealed class MessageInbox
{
    private readonly Lock _lock = new();
    private readonly List<PublishPacket> _messages = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>Becomes <paramref name="client"/>'s <see cref="MqttClient.MessageReceived"/> handler.</summary>
    public MessageInbox(MqttClient client) => client.MessageReceived = ReceiveAsync;

    /// <summary>A copy of the messages so far.</summary>
    public IReadOnlyList<PublishPacket> Messages
    {
        get { lock (_lock) { return [.. _messages]; } }
    }

    /// <summary>The messages so far, one per line, for failure messages.</summary>
    public override string ToString() => string.Join('\n', Messages);

    /// <summary>Completes with the first <paramref name="count"/> messages once that many have arrived.</summary>
    public async Task<IReadOnlyList<PublishPacket>> WaitForAsync(int count, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_messages.Count >= count)
            {
                return [.. _messages.Take(count)];
            }

            _waiters.Add((count, reached));
        }

        try
        {
            await reached.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new OperationCanceledException($"Our client received {Messages.Count} of {count} messages:\n{this}", ex, cancellationToken);
        }

        return [.. Messages.Take(count)];
    }

    private ValueTask ReceiveAsync(PublishPacket message, CancellationToken cancellationToken)
    {
        List<TaskCompletionSource> reached;
        lock (_lock)
        {
            _messages.Add(message);
            reached = [.. _waiters.Where(w => _messages.Count >= w.Count).Select(w => w.Reached)];
            _waiters.RemoveAll(w => _messages.Count >= w.Count);
        }

        reached.ForEach(r => r.TrySetResult());
        return ValueTask.CompletedTask;
    }
}
