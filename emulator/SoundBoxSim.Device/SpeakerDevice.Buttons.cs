using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Voice.Phrases;

namespace SoundBoxSim.Device;

/// <summary>The four buttons. A press that means nothing in the current state is reported and otherwise ignored, as on the real device.</summary>
public sealed partial class SpeakerDevice
{
    /// <summary>Power button, short press: switches a dead or switched-off device on.</summary>
    public void PressPower() => Button("power", "press", () => _machine.TryFire(DeviceTrigger.PowerPressed));

    /// <summary>Power button, held: says goodbye and switches off.</summary>
    public void HoldPower() => Button("power", "hold", () => _machine.TryFire(DeviceTrigger.PowerHeld));

    /// <summary>Volume up one level (up to the maximum); the device says the new level.</summary>
    public void PressVolumeUp() => Button("volumeUp", "press", () => IsOn && SetVolume(_memory.Volume + 1, speak: true));

    /// <summary>Volume down one level (down to 0, silent).</summary>
    public void PressVolumeDown() => Button("volumeDown", "press", () => IsOn && SetVolume(_memory.Volume - 1, speak: true));

    /// <summary>Pairing button, held: an unpaired, online device enters pairing mode and says so.</summary>
    public void HoldPairing() => Button("pairing", "hold", () =>
    {
        var wasPairing = _pairingMode;
        if (!_machine.TryFire(DeviceTrigger.PairingRequested))
        {
            return false;
        }

        if (!wasPairing)
        {
            Say(SystemPhrase(PhraseKeys.PairingMode));
        }

        return true;
    });

    /// <summary>Replay button: says the last amount again (not reported to the cloud as a new payment).</summary>
    public void PressReplay() => Button("replay", "press", () =>
    {
        if (!IsOn || _lastAmount is not { } last)
        {
            return false;
        }

        Say(NewAnnouncement(AnnouncementKind.Amount, PhraseKeys.AmountReceived, new PhraseArguments { Amount = last.Amount },
            requestId: last.RequestId, replay: true));
        return true;
    });

    private bool IsOn => _machine.State is not (DeviceState.Off or DeviceState.Booting or DeviceState.ShuttingDown);

    private void Button(string button, string action, Func<bool> handle)
    {
        lock (_gate)
        {
            var pressed = new ButtonEvent(Serial, button, action, _time.GetUtcNow());
            Emit(pressed);
            if (_client is not null)
            {
                PublishEvent(DeviceEventCodec.Write(pressed));
            }

            if (!handle())
            {
                Log(MqttLogLevel.Debug, $"{button} {action} ignored in state {_machine.State}");
            }
        }
    }

    /// <summary>Sets the volume (clamped to the model's range), remembers it, reports it; false when it did not change.</summary>
    private bool SetVolume(int volume, bool speak)
    {
        volume = Math.Clamp(volume, 0, _options.Power.MaxVolume);
        if (volume == _memory.Volume)
        {
            return false;
        }

        Remember(memory => memory with { Volume = volume });
        Battery.SetDraw(Battery.Draw, volume);
        PublishTelemetry();
        if (speak)
        {
            Say(SystemPhrase(PhraseKeys.Volume, new PhraseArguments { Number = volume }));
        }

        return true;
    }
}
