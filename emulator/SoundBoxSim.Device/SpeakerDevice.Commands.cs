using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Device;

/// <summary>Commands from the cloud. Every command is acknowledged: received at once, then played (done) or failed with a reason.</summary>
public sealed partial class SpeakerDevice
{
    /// <summary>The id in the failed ack of a command so broken that it has none.</summary>
    public const string UnknownCommandId = "unknown";

    private readonly DedupeWindow _recentCommands = new(256, []);

    private ValueTask OnMessageAsync(PublishPacket message, CancellationToken cancellationToken)
    {
        if (!DeviceTopics.TryParse(message.Topic, out var serial, out var kind) || kind != DeviceTopicKind.Commands || serial != Serial)
        {
            Log(MqttLogLevel.Debug, $"ignored a message on '{message.Topic}', which is not this device's command topic");
            return ValueTask.CompletedTask;
        }

        var payload = message.Payload.ToArray();
        _downlink?.Post(() => HandleCommand(payload));
        return ValueTask.CompletedTask;
    }

    private void HandleCommand(byte[] payload)
    {
        var parsed = DeviceCommandCodec.Parse(payload);
        lock (_gate)
        {
            if (_client is null)
            {
                return; // switched off while the command was on its way
            }

            var now = _time.GetUtcNow();
            if (parsed.Command is not { } command)
            {
                Log(MqttLogLevel.Warning, $"refused a command: {parsed.Error}");
                PublishAck(new DeviceAck(Serial, parsed.Id ?? UnknownCommandId, DeviceAckStatus.Failed, now, parsed.Error));
                return;
            }

            if (_recentCommands.Contains(command.Id))
            {
                // A QoS 1 redelivery (the PUBACK was lost): acknowledged again, not carried out again.
                PublishAck(new DeviceAck(Serial, command.Id, DeviceAckStatus.Received, now, "duplicate command id: already handled",
                    (command as AnnounceCommand)?.RequestId));
                return;
            }

            _recentCommands.Add(command.Id);
            PublishAck(new DeviceAck(Serial, command.Id, DeviceAckStatus.Received, now, RequestId: (command as AnnounceCommand)?.RequestId));
            if (Execute(command) is { } failure)
            {
                Log(MqttLogLevel.Information, $"command {command.Id} failed: {failure}");
                PublishAck(new DeviceAck(Serial, command.Id, DeviceAckStatus.Failed, now, failure, (command as AnnounceCommand)?.RequestId));
            }
        }
    }

    /// <summary>Carries out a command; returns why it failed, or null (speech commands ack themselves as they play).</summary>
    private string? Execute(DeviceCommand command)
    {
        var now = _time.GetUtcNow();
        switch (command)
        {
            case AnnounceCommand announce:
                return Announce(announce);
            case OtpCommand otp:
                return SpeakOtp(otp);
            case PairCommand pair:
                EndPairingMode();
                Remember(memory => memory with { Partner = pair.Partner });
                _machine.TryFire(DeviceTrigger.Paired);
                Say(SystemPhrase(PhraseKeys.Paired));
                break;
            case UnpairCommand:
                if (!IsPaired)
                {
                    return "not paired";
                }

                Remember(memory => memory with { Partner = null });
                _machine.TryFire(DeviceTrigger.Unpaired);
                Say(SystemPhrase(PhraseKeys.Unpaired));
                break;
            case ConfigureCommand configure:
                if (configure.Volume is { } volume)
                {
                    SetVolume(volume, speak: false);
                }

                if (configure.StaleAfterSeconds is { } stale)
                {
                    StaleAfter = TimeSpan.FromSeconds(stale);
                }

                if (configure.TelemetryIntervalSeconds is { } interval)
                {
                    TelemetryInterval = TimeSpan.FromSeconds(interval);
                    ArmTelemetry();
                }

                PublishTelemetry();
                break;
            case PingCommand:
                PublishTelemetry();
                break;
        }

        PublishAck(new DeviceAck(Serial, command.Id, DeviceAckStatus.Played, now));
        return null;
    }

    private string? Announce(AnnounceCommand announce)
    {
        if (!IsPaired)
        {
            return "not paired: pair the device before sending notifications";
        }

        if (_played.Contains(announce.RequestId))
        {
            // Already said: acknowledged as done, so the cloud stops retrying, and not said again.
            PublishAck(new DeviceAck(Serial, announce.Id, DeviceAckStatus.Played, _time.GetUtcNow(),
                $"duplicate requestId {announce.RequestId}: already announced, not played again", announce.RequestId));
            return null;
        }

        if (_queue.Any(waiting => waiting.RequestId == announce.RequestId))
        {
            Log(MqttLogLevel.Information, $"request {announce.RequestId} is already queued; announced once");
            return null;
        }

        Announcement queued;
        try
        {
            queued = NewAnnouncement(AnnouncementKind.Amount, PhraseKeys.AmountReceived, new PhraseArguments { Amount = announce.Amount },
                announce.Id, announce.RequestId, sentAt: announce.SentAt);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return $"the voice cannot read amount {announce.Amount}: {ex.Message}";
        }

        Say(queued);
        return null;
    }

    private string? SpeakOtp(OtpCommand otp)
    {
        if (IsPaired)
        {
            return $"already paired to {_memory.Partner}; unpair first";
        }

        // SePay's default (contract 8.1): an OTP request puts an unpaired device into pairing mode if it was not.
        _machine.TryFire(DeviceTrigger.PairingRequested);
        if (!_pairingMode)
        {
            return $"cannot pair in state {_machine.State}";
        }

        Say(NewAnnouncement(AnnouncementKind.Otp, PhraseKeys.Otp, new PhraseArguments { Otp = otp.Otp }, otp.Id));
        return null;
    }
}
