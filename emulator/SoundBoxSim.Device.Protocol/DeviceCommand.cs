namespace SoundBoxSim.Device.Protocol;

/// <summary>
/// A command the cloud sends to one device on <c>soundbox/{serial}/cmd</c>. Written and read by
/// <see cref="DeviceCommandCodec"/> as a JSON object with a "type" discriminator.
/// </summary>
/// <param name="Id">The cloud's id for this command (1 to 64 characters); the device echoes it in every <see cref="DeviceAck"/>.</param>
public abstract record DeviceCommand(string Id);

/// <summary>Say a received amount aloud: what the Speaker API's "announce" call turns into.</summary>
/// <param name="Id">The command id, echoed in acks.</param>
/// <param name="RequestId">The partner's request id (1 to 128 characters), carried into acks and announcement events so the cloud can match them.</param>
/// <param name="Amount">The amount in đồng, 1 to 999,999,999,999,999.</param>
/// <param name="SentAt">When the cloud sent it; a device drops it as stale when it arrives too late. <see langword="null"/>: never stale.</param>
public sealed record AnnounceCommand(string Id, string RequestId, long Amount, DateTimeOffset? SentAt) : DeviceCommand(Id);

/// <summary>Speak a pairing code, so the shop owner can read it into the partner's app.</summary>
/// <param name="Id">The command id, echoed in acks.</param>
/// <param name="Otp">Exactly four ASCII digits, kept as text so leading zeros survive ("0427").</param>
/// <param name="SessionId">The cloud's pairing session (1 to 128 characters), if it has one.</param>
public sealed record OtpCommand(string Id, string Otp, string? SessionId) : DeviceCommand(Id);

/// <summary>The cloud verified the OTP: the device is now paired with <paramref name="Partner"/>.</summary>
/// <param name="Id">The command id, echoed in acks.</param>
/// <param name="Partner">The partner's client id (1 to 128 characters).</param>
public sealed record PairCommand(string Id, string Partner) : DeviceCommand(Id);

/// <summary>The device is no longer paired with anyone.</summary>
/// <param name="Id">The command id, echoed in acks.</param>
public sealed record UnpairCommand(string Id) : DeviceCommand(Id);

/// <summary>Change settings remotely; fields left <see langword="null"/> keep their value, and at least one is set.</summary>
/// <param name="Id">The command id, echoed in acks.</param>
/// <param name="Volume">Speaker volume, 0 (mute) to 5.</param>
/// <param name="StaleAfterSeconds">How old (by its sentAt) an announce may be and still be spoken, 1 to 86,400 seconds.</param>
/// <param name="TelemetryIntervalSeconds">Seconds between telemetry messages, 1 to 86,400.</param>
public sealed record ConfigureCommand(string Id, int? Volume, int? StaleAfterSeconds, int? TelemetryIntervalSeconds) : DeviceCommand(Id);

/// <summary>Ask for an ack without side effects, to check the device is reachable.</summary>
/// <param name="Id">The command id, echoed in acks.</param>
public sealed record PingCommand(string Id) : DeviceCommand(Id);
