using System.Buffers;
using System.IO.Pipelines;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Device.Network;

/// <summary>A transport the 4G link can cut: once cut, the client reads the end of the stream, as losing the radio would look.</summary>
internal sealed class CuttableTransport(IMqttTransport inner) : IMqttTransport
{
    private readonly CutReader _input = new(inner.Input);
    private int _disposed;

    public PipeReader Input => _input;

    public PipeWriter Output => inner.Output;

    public string RemoteEndPoint => inner.RemoteEndPoint;

    /// <summary>
    /// Ends the connection without a DISCONNECT: the client's next read sees the stream end, and the client closes the
    /// transport itself (closing it from here could race the client's own reads and writes). The broker then sees the
    /// connection lost and publishes the Will.
    /// </summary>
    public void Cut() => _input.Cut();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await inner.DisposeAsync();
        }
    }

    /// <summary>
    /// Forwards to the real reader until cut; from then on every read returns the end of the stream. The cut is sticky:
    /// a bare CancelPendingRead could be swallowed by a read that also returned data.
    /// </summary>
    private sealed class CutReader(PipeReader inner) : PipeReader
    {
        private static readonly ReadResult End = new(ReadOnlySequence<byte>.Empty, isCanceled: false, isCompleted: true);
        private volatile bool _cut;
        private bool _lastWasEnd;

        public void Cut()
        {
            _cut = true;
            inner.CancelPendingRead(); // wakes a read waiting right now
        }

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (_cut)
            {
                _lastWasEnd = true;
                return End;
            }

            var result = await inner.ReadAsync(cancellationToken);
            if (result.IsCanceled && _cut && result.Buffer.IsEmpty)
            {
                inner.AdvanceTo(result.Buffer.Start);
                _lastWasEnd = true;
                return End;
            }

            _lastWasEnd = false;
            return result;
        }

        public override bool TryRead(out ReadResult result)
        {
            if (_cut)
            {
                _lastWasEnd = true;
                result = End;
                return true;
            }

            _lastWasEnd = false;
            return inner.TryRead(out result);
        }

        public override void AdvanceTo(SequencePosition consumed)
        {
            if (!_lastWasEnd)
            {
                inner.AdvanceTo(consumed);
            }
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            if (!_lastWasEnd)
            {
                inner.AdvanceTo(consumed, examined);
            }
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
