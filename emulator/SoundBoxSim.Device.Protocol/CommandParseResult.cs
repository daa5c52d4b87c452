using System.Diagnostics.CodeAnalysis;

namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// What <see cref="DeviceCommandCodec.Parse"/> made of a payload: a command, or an error saying which field is
/// wrong and what is allowed. The parser never throws, so a device can always ack.
/// </summary>
/// <param name="Command">The command; <see langword="null"/> when the payload is invalid.</param>
/// <param name="Id">
/// The command id when the payload holds a valid one ("id" a string of 1 to 64 characters, given once), even when
/// the rest is invalid, so the device can ack "failed" with it; <see langword="null"/> otherwise.
/// </param>
/// <param name="Error">Why the payload is invalid; <see langword="null"/> on success.</param>
public sealed record CommandParseResult(DeviceCommand? Command, string? Id, string? Error)
{
    /// <summary>Whether the payload was a valid command (then <see cref="Command"/> is set and <see cref="Error"/> is null).</summary>
    [MemberNotNullWhen(true, nameof(Command))]
    public bool Succeeded => Command is not null;

    /// <summary>A successful result for <paramref name="command"/>.</summary>
    public static CommandParseResult Success(DeviceCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new CommandParseResult(command, command.Id, null);
    }

    /// <summary>A failed result with the recovered <paramref name="id"/> (if any) and the reason.</summary>
    public static CommandParseResult Failure(string? id, string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new CommandParseResult(null, id, error);
    }
}
