namespace SoundBoxSim.Device;

/// <summary>What makes an emulated speaker change state.</summary>
public enum DeviceTrigger
{
    /// <summary>The power button was pressed.</summary>
    PowerPressed,

    /// <summary>The power button was held (switch off).</summary>
    PowerHeld,

    /// <summary>Mains power came back.</summary>
    MainsOn,

    /// <summary>The boot sequence finished.</summary>
    BootCompleted,

    /// <summary>The MQTT session to the cloud is up.</summary>
    Connected,

    /// <summary>The MQTT session to the cloud was lost (4G loss, broker gone).</summary>
    Disconnected,

    /// <summary>The pairing button was held, or the cloud asked for an OTP while unpaired.</summary>
    PairingRequested,

    /// <summary>The cloud confirmed the pairing.</summary>
    Paired,

    /// <summary>The cloud removed the pairing.</summary>
    Unpaired,

    /// <summary>Pairing mode ended without a pairing.</summary>
    PairingTimedOut,

    /// <summary>An announcement started playing.</summary>
    SpeechStarted,

    /// <summary>The queue of announcements is empty again.</summary>
    SpeechFinished,

    /// <summary>The battery reached 0 % without mains: the device dies at once.</summary>
    BatteryEmpty,

    /// <summary>The goodbye was said.</summary>
    ShutdownCompleted,
}
