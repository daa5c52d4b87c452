using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Memory;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Device;

/// <summary>
/// Speaking: one announcement at a time, the rest wait in order. Each is rendered by the voice when its turn comes
/// (so its duration is the audio's), then the device "speaks" for that long on the clock.
/// </summary>
public sealed partial class SpeakerDevice
{
    private const AnnouncementOutcome AnnouncementOutcomeOnPowerLoss = AnnouncementOutcome.Interrupted;
    private readonly Queue<Announcement> _queue = new();
    private readonly LinkedList<Announcement> _history = new();
    private readonly DedupeWindow _played;
    private DeviceMemory _memory;
    private Announcement? _playing;
    private Announcement? _lastAmount;
    private ITimer? _speechTimer;
    private long _speechGeneration;
    private long _sequence;

    private Announcement SystemPhrase(string phrase, PhraseArguments? arguments = null) => NewAnnouncement(AnnouncementKind.System, phrase, arguments ?? PhraseArguments.None);

    private Announcement NewAnnouncement(
        AnnouncementKind kind, string phrase, PhraseArguments arguments, string? commandId = null, string? requestId = null,
        bool replay = false, DateTimeOffset? sentAt = null) => new()
    {
        SentAt = sentAt,
        Sequence = ++_sequence,
        Kind = kind,
        Phrase = phrase,
        Utterance = _voice.Render(phrase, arguments),
        Otp = arguments.Otp,
        Amount = kind == AnnouncementKind.Amount ? arguments.Amount : null,
        RequestId = requestId,
        CommandId = commandId,
        Replay = replay,
        QueuedAt = _time.GetUtcNow(),
    };

    /// <summary>Queues <paramref name="announcement"/>; it starts at once when nothing is playing.</summary>
    private void Say(Announcement announcement)
    {
        _history.AddLast(announcement);
        while (_history.Count > _options.AnnouncementHistory)
        {
            _history.RemoveFirst();
        }

        _queue.Enqueue(announcement);
        if (_playing is null)
        {
            StartNext();
        }
    }

    /// <summary>Starts the next announcement still worth saying; fires SpeechFinished when the queue has run dry.</summary>
    private void StartNext()
    {
        while (_queue.TryDequeue(out var next))
        {
            if (IsStale(next))
            {
                continue;
            }

            if (!TryRender(next, out var duration))
            {
                continue;
            }

            var now = _time.GetUtcNow();
            next.StartedAt = now;
            next.Duration = duration;
            next.Outcome = AnnouncementOutcome.Playing;
            _playing = next;
            if (next.Kind == AnnouncementKind.Amount && !next.Replay)
            {
                // Remembered once it starts: one cut off by a power loss is still said when the cloud retries.
                _lastAmount = next;
                _played.Add(next.RequestId!);
                Remember(memory => memory with { PlayedRequestIds = _played.ToList() });
            }

            if (_machine.State != DeviceState.Announcing)
            {
                _machine.TryFire(DeviceTrigger.SpeechStarted); // not while booting or shutting down: those speak in place
            }

            if (next.CommandId is { } id)
            {
                PublishAck(new DeviceAck(Serial, id, DeviceAckStatus.Started, now, RequestId: next.RequestId, StartedAt: now));
            }

            Emit(next);
            var generation = ++_speechGeneration;
            _speechTimer = _time.CreateTimer(_ => OnSpeechEnded(generation), null, duration * _options.SpeechTimeScale, Timeout.InfiniteTimeSpan);
            return;
        }

        _playing = null;
        if (_machine.State == DeviceState.Announcing)
        {
            _machine.TryFire(DeviceTrigger.SpeechFinished);
        }
    }

    private void OnSpeechEnded(long generation)
    {
        lock (_gate)
        {
            if (generation != _speechGeneration || _playing is not { } done)
            {
                return;
            }

            _speechTimer?.Dispose();
            _speechTimer = null;
            var now = _time.GetUtcNow();
            done.EndedAt = now;
            done.Outcome = AnnouncementOutcome.Played;
            if (done.CommandId is { } id)
            {
                PublishAck(new DeviceAck(Serial, id, DeviceAckStatus.Played, now, RequestId: done.RequestId,
                    StartedAt: done.StartedAt, EndedAt: now, DurationMs: (int)done.Duration.TotalMilliseconds));
            }

            var finished = new AnnouncementEvent(Serial, done.Kind, done.Text, done.StartedAt!.Value, now,
                (int)done.Duration.TotalMilliseconds, done.Otp, done.Amount, done.RequestId, done.CommandId);
            PublishEvent(DeviceEventCodec.Write(finished));
            Emit(finished);
            _playing = null;
            StartNext();
        }
    }

    /// <summary>An amount announcement whose turn comes after the stale limit is dropped and reported, not spoken.</summary>
    private bool IsStale(Announcement next)
    {
        if (next.Kind != AnnouncementKind.Amount || next.Replay || next.SentAt is not { } sentAt)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        if (now - sentAt <= StaleAfter)
        {
            return false;
        }

        next.Outcome = AnnouncementOutcome.DroppedStale;
        next.EndedAt = now;
        var reason = $"stale: sent at {sentAt:O}, more than {StaleAfter.TotalSeconds:0} s before its turn; not announced";
        Log(MqttLogLevel.Information, $"request {next.RequestId}: {reason}");
        PublishAck(new DeviceAck(Serial, next.CommandId!, DeviceAckStatus.Failed, now, reason, next.RequestId));
        var dropped = new StaleDroppedEvent(Serial, next.CommandId!, next.RequestId!, sentAt, now);
        PublishEvent(DeviceEventCodec.Write(dropped));
        Emit(dropped);
        return true;
    }

    private bool TryRender(Announcement next, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        try
        {
            var synthesis = _voice.Synthesizer.SynthesizeAsync(next.Utterance, CancellationToken.None);

            // The clip voice renders synchronously; a network voice (Azure) is awaited here, under the lock, which
            // is acceptable for the one-device demo it is meant for.
            var audio = synthesis.IsCompletedSuccessfully ? synthesis.Result : synthesis.GetAwaiter().GetResult();
            duration = audio.Duration;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            next.Outcome = AnnouncementOutcome.Failed;
            var reason = $"the voice could not say it: {ex.Message}";
            Log(MqttLogLevel.Warning, $"announcement {next.Sequence} ({next.Text}): {reason}");
            if (next.CommandId is { } id)
            {
                PublishAck(new DeviceAck(Serial, id, DeviceAckStatus.Failed, _time.GetUtcNow(), reason, next.RequestId));
            }

            return false;
        }
    }

    /// <summary>Empties the queue (power lost, shutting down): what was playing or waiting is marked <paramref name="outcome"/>.</summary>
    private void ClearQueue(AnnouncementOutcome outcome)
    {
        ++_speechGeneration;
        _speechTimer?.Dispose();
        _speechTimer = null;
        var now = _time.GetUtcNow();
        if (_playing is { } cut)
        {
            cut.Outcome = outcome;
            cut.EndedAt = now;
            _playing = null;
        }

        while (_queue.TryDequeue(out var waiting))
        {
            waiting.Outcome = outcome;
        }
    }

    private void Remember(Func<DeviceMemory, DeviceMemory> change)
    {
        _memory = change(_memory);
        try
        {
            _memoryStore.Save(Serial, _memory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log(MqttLogLevel.Error, $"could not save its memory: {ex.Message}");
        }
    }

}
