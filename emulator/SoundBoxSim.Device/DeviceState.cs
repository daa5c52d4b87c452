namespace SoundBoxSim.Device;

/// <summary>The states of an emulated speaker; the transition table is in <c>DeviceMachine.cs</c> and drawn in emulator/README.md.</summary>
public enum DeviceState
{
    /// <summary>No power, or switched off.</summary>
    Off,

    /// <summary>Starting up after power on.</summary>
    Booting,

    /// <summary>Unpaired and looking for the 4G network (or the cloud).</summary>
    SearchingNetwork,

    /// <summary>Unpaired, connected to the cloud, idle.</summary>
    Online,

    /// <summary>Unpaired and waiting to be paired (pairing button held, or a pairing OTP requested).</summary>
    PairingMode,

    /// <summary>Paired, connected, idle: ready to announce payments.</summary>
    Ready,

    /// <summary>Speaking an announcement.</summary>
    Announcing,

    /// <summary>Paired but without network: commands wait in the cloud until it is back.</summary>
    Offline,

    /// <summary>Saying goodbye before switching off (power button held).</summary>
    ShuttingDown,
}
