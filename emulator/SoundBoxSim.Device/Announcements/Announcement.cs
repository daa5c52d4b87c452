using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Device.Announcements;

/// <summary>
/// One thing the speaker says (or was asked to say): an amount, an OTP, or a system phrase. The audio is not kept
/// (50,000 devices would not fit); <see cref="SpeakerDevice.RenderWavAsync"/> renders it again from the words, which
/// the clip voice does identically.
/// </summary>
public sealed class Announcement
{
    /// <summary>Position in this device's history, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>Amount, OTP or system phrase.</summary>
    public required AnnouncementKind Kind { get; init; }

    /// <summary>The voice-pack phrase key.</summary>
    public required string Phrase { get; init; }

    /// <summary>The words, as text and as the tokens the voice speaks.</summary>
    public required Utterance Utterance { get; init; }

    /// <summary>The text spoken.</summary>
    public string Text => Utterance.Text;

    /// <summary>The OTP digits, for OTP announcements.</summary>
    public string? Otp { get; init; }

    /// <summary>The amount in VND, for amount announcements.</summary>
    public long? Amount { get; init; }

    /// <summary>The partner's requestId, for amount announcements.</summary>
    public string? RequestId { get; init; }

    /// <summary>The cloud's command id, when a command asked for it.</summary>
    public string? CommandId { get; init; }

    /// <summary>Whether the replay button asked for it.</summary>
    public bool Replay { get; init; }

    /// <summary>When the cloud sent the command, if it said (stale announcements are dropped by it).</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When it was queued.</summary>
    public required DateTimeOffset QueuedAt { get; init; }

    /// <summary>When the speaker started saying it.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>When it finished (or was cut off).</summary>
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>The length of the audio.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Where it stands.</summary>
    public AnnouncementOutcome Outcome { get; internal set; } = AnnouncementOutcome.Queued;
}

/// <summary>What became of an announcement.</summary>
public enum AnnouncementOutcome
{
    /// <summary>Waiting for the one before it.</summary>
    Queued,

    /// <summary>Being spoken now.</summary>
    Playing,

    /// <summary>Spoken to the end.</summary>
    Played,

    /// <summary>Cut off or never spoken because the device lost power.</summary>
    Interrupted,

    /// <summary>Not spoken: older than the stale limit when its turn came.</summary>
    DroppedStale,

    /// <summary>Not spoken: the voice could not render it.</summary>
    Failed,
}
