using System.IO.Pipelines;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Mqtt.Broker.Tests.Support;

/// <summary>
/// A server-side transport that counts the broker's flushes and can hold a flush at a gate, so a test can pile up
/// messages behind it and then see how many flushes they take.
/// </summary>
internal sealed class GatedTransport(IMqttTransport inner) : IMqttTransport
{
    private readonly GatedWriter _output = new(inner.Output);

    public PipeReader Input => inner.Input;

    public PipeWriter Output => _output;

    public string RemoteEndPoint => inner.RemoteEndPoint;

    public int Flushes => _output.Flushes;

    /// <summary>Holds the next flush until <see cref="Release"/>; the returned task completes once a flush is held.</summary>
    public Task CloseGate() => _output.CloseGate();

    public void Release() => _output.Release();

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class GatedWriter(PipeWriter inner) : PipeWriter
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource? _gate;
        private TaskCompletionSource? _held;
        private int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public Task CloseGate()
        {
            lock (_lock)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _held.Task;
            }
        }

        public void Release()
        {
            lock (_lock)
            {
                _gate?.TrySetResult();
                _gate = null;
            }
        }

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _flushes);
            Task? gate;
            lock (_lock)
            {
                gate = _gate?.Task;
                _held?.TrySetResult();
            }

            if (gate is not null)
            {
                await gate.WaitAsync(cancellationToken);
            }

            return await inner.FlushAsync(cancellationToken);
        }

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
