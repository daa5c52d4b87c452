using SoundBoxSim.Device.Power;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Device.States;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Voice.Phrases;
using static SoundBoxSim.Device.DeviceState;
using static SoundBoxSim.Device.DeviceTrigger;

namespace SoundBoxSim.Device;

public sealed partial class SpeakerDevice
{
    /// <summary>
    /// The transition table, shared by every device (it holds no device state; guards and actions get the device).
    /// Connection and pairing are facts kept beside the state (<see cref="_connected"/>, the partner in memory): the
    /// triggers that change them are ignored while Announcing, and the guards on SpeechFinished pick the state to return to.
    /// </summary>
    internal static readonly StateMachineDefinition<DeviceState, DeviceTrigger, SpeakerDevice> Machine =
        new StateMachineBuilder<DeviceState, DeviceTrigger, SpeakerDevice>()
            .PermitIf(Off, PowerPressed, Booting, device => device.Battery.MainsConnected || device.Battery.Percent > 0, "mains or battery above 0 %")
            .Permit(Off, MainsOn, Booting)
            .PermitIf(Booting, BootCompleted, Offline, device => device.IsPaired, "paired")
            .Permit(Booting, BootCompleted, SearchingNetwork)
            .Permit(SearchingNetwork, Connected, Online)
            .Permit(SearchingNetwork, SpeechStarted, Announcing)
            .Permit(Online, Disconnected, SearchingNetwork)
            .Permit(Online, PairingRequested, PairingMode)
            .Permit(Online, Paired, Ready)
            .Permit(Online, SpeechStarted, Announcing)
            .Permit(PairingMode, Paired, Ready)
            .Permit(PairingMode, PairingTimedOut, Online)
            .Permit(PairingMode, Disconnected, SearchingNetwork)
            .Internal(PairingMode, PairingRequested, device => device.ArmPairingTimeout())
            .Permit(PairingMode, SpeechStarted, Announcing)
            .Permit(Ready, SpeechStarted, Announcing)
            .Permit(Ready, Unpaired, Online)
            .Permit(Ready, Disconnected, Offline)
            .Permit(Offline, Connected, Ready)
            .Permit(Offline, SpeechStarted, Announcing)
            .PermitIf(Announcing, SpeechFinished, PairingMode, device => device._pairingMode, "in pairing mode")
            .PermitIf(Announcing, SpeechFinished, Ready, device => device.IsPaired && device._connected, "paired and online")
            .PermitIf(Announcing, SpeechFinished, Offline, device => device.IsPaired, "paired, offline")
            .PermitIf(Announcing, SpeechFinished, Online, device => device._connected, "unpaired, online")
            .Permit(Announcing, SpeechFinished, SearchingNetwork)
            .Ignore(Announcing, Connected)
            .Ignore(Announcing, Disconnected)
            .Ignore(Announcing, Paired)
            .Ignore(Announcing, Unpaired)
            .Ignore(Announcing, PairingTimedOut)
            .Internal(Announcing, PairingRequested, device => device.ArmPairingTimeout())
            .Permit(ShuttingDown, ShutdownCompleted, Off)
            .PermitFromAll(PowerHeld, ShuttingDown, Off, Booting)
            .PermitFromAll(BatteryEmpty, Off)
            .OnEnter(Booting, static (device, _) => device.EnterBooting())
            .OnEnter(SearchingNetwork, static (device, transition) => device.EnterSearching(transition))
            .OnEnter(Offline, static (device, transition) => device.EnterSearching(transition))
            .OnEnter(Online, static (device, _) => device.SetDraw(PowerDraw.Idle))
            .OnEnter(Ready, static (device, _) => device.SetDraw(PowerDraw.Idle))
            .OnEnter(PairingMode, static (device, _) => device.EnterPairingMode())
            .OnExit(PairingMode, static (device, transition) => device.ExitPairingMode(transition))
            .OnEnter(Announcing, static (device, _) => device.SetDraw(PowerDraw.Announcing))
            .OnEnter(ShuttingDown, static (device, _) => device.EnterShuttingDown())
            .OnEnter(Off, static (device, transition) => device.PowerDown(graceful: transition.Trigger == ShutdownCompleted))
            .Build();

    private bool _pairingMode;
    private ITimer? _stateTimer;
    private long _stateTimerGeneration;

    private bool IsPaired => _memory.Partner is not null;

    private void OnTransitioned(Transition<DeviceState, DeviceTrigger> transition)
    {
        var change = new StateChangedEvent(Serial, transition.Source.ToString(), transition.Destination.ToString(),
            transition.Trigger.ToString(), _time.GetUtcNow());
        Log(MqttLogLevel.Debug, $"{change.From} -> {change.To} on {change.Trigger}");
        if (transition.Trigger != BatteryEmpty) // a dead battery says nothing more; the broker's Will does
        {
            PublishEvent(DeviceEventCodec.Write(change));
            PublishStatus();
            PublishTelemetry();
        }

        Emit(change);
    }

    private void SetDraw(PowerDraw draw) => Battery.SetDraw(draw, _memory.Volume);

    private void EnterBooting()
    {
        SetDraw(PowerDraw.Booting);
        After(_options.BootTime, BootCompleted);
    }

    /// <summary>Looking for the network; right after boot, says it is on and starts the MQTT client.</summary>
    private void EnterSearching(Transition<DeviceState, DeviceTrigger> transition)
    {
        SetDraw(PowerDraw.Searching);
        if (transition.Trigger == BootCompleted)
        {
            Say(SystemPhrase(PhraseKeys.PoweredOn));
            StartCloud();
        }
    }

    private void EnterPairingMode()
    {
        _pairingMode = true;
        SetDraw(PowerDraw.Idle);
        ArmPairingTimeout();
    }

    private void ExitPairingMode(Transition<DeviceState, DeviceTrigger> transition)
    {
        // Speaking the OTP leaves the state, not pairing mode; anything else ends it.
        if (transition.Trigger != SpeechStarted)
        {
            EndPairingMode();
        }
    }

    private void EndPairingMode()
    {
        _pairingMode = false;
        ++_pairingGeneration;
        _pairingTimer?.Dispose();
        _pairingTimer = null;
    }

    private ITimer? _pairingTimer;
    private long _pairingGeneration;

    private void ArmPairingTimeout()
    {
        _pairingMode = true;
        _pairingTimer?.Dispose();
        var generation = ++_pairingGeneration;
        _pairingTimer = _time.CreateTimer(_ => OnPairingTimeout(generation), null, _options.PairingTimeout, Timeout.InfiniteTimeSpan);
    }

    private void OnPairingTimeout(long generation)
    {
        lock (_gate)
        {
            if (generation != _pairingGeneration || !_pairingMode)
            {
                return;
            }

            EndPairingMode();
            _machine.TryFire(PairingTimedOut);
        }
    }

    private void EnterShuttingDown()
    {
        SetDraw(PowerDraw.Idle);
        ClearQueue(AnnouncementOutcomeOnPowerLoss);
        Say(SystemPhrase(PhraseKeys.ShuttingDown));
        After(_options.ShutdownTime, ShutdownCompleted);
    }

    /// <summary>Fires <paramref name="trigger"/> after <paramref name="delay"/> unless the state changed meanwhile.</summary>
    private void After(TimeSpan delay, DeviceTrigger trigger)
    {
        _stateTimer?.Dispose();
        var generation = ++_stateTimerGeneration;
        _stateTimer = _time.CreateTimer(_ =>
        {
            lock (_gate)
            {
                if (generation == _stateTimerGeneration)
                {
                    _stateTimer?.Dispose();
                    _stateTimer = null;
                    _machine.TryFire(trigger);
                }
            }
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    private void OnBatteryEmpty()
    {
        lock (_gate)
        {
            if (_machine.State != Off && !Battery.MainsConnected)
            {
                Log(MqttLogLevel.Warning, "battery empty, switching off");
                _machine.TryFire(BatteryEmpty);
            }
        }
    }

    private void OnLowBattery()
    {
        lock (_gate)
        {
            if (_machine.State is not (Off or Booting or ShuttingDown))
            {
                Say(SystemPhrase(PhraseKeys.LowBattery));
                PublishTelemetry();
            }
        }
    }

    /// <summary>Entering Off: stop speaking, stop timers, leave the cloud (cleanly after a goodbye, abruptly on power loss).</summary>
    private void PowerDown(bool graceful)
    {
        ++_stateTimerGeneration;
        _stateTimer?.Dispose();
        _stateTimer = null;
        EndPairingMode();
        ClearQueue(AnnouncementOutcomeOnPowerLoss);
        SetDraw(PowerDraw.Off);
        StopCloud(graceful);
    }
}
