namespace SoundBoxSim.Voice.Phrases;

/// <summary>The names of the phrases every voice pack defines (a pack may add more).</summary>
public static class PhraseKeys
{
    /// <summary>A payment was received: uses <c>{amount}</c>.</summary>
    public const string AmountReceived = "amount_received";

    /// <summary>The pairing code: uses <c>{otp}</c>, said twice.</summary>
    public const string Otp = "otp";

    /// <summary>Pairing completed.</summary>
    public const string Paired = "paired";

    /// <summary>Pairing removed.</summary>
    public const string Unpaired = "unpaired";

    /// <summary>The device entered pairing mode.</summary>
    public const string PairingMode = "pairing_mode";

    /// <summary>The battery is low.</summary>
    public const string LowBattery = "low_battery";

    /// <summary>Mains power was lost; running on battery.</summary>
    public const string OnBattery = "on_battery";

    /// <summary>Mains power came back.</summary>
    public const string PowerRestored = "power_restored";

    /// <summary>The 4G network was lost.</summary>
    public const string NetworkLost = "network_lost";

    /// <summary>The 4G network came back.</summary>
    public const string NetworkRestored = "network_restored";

    /// <summary>The device is switching off.</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>The device finished booting.</summary>
    public const string PoweredOn = "powered_on";

    /// <summary>The volume changed: uses <c>{number}</c>.</summary>
    public const string Volume = "volume";

    /// <summary>Every phrase a pack must define.</summary>
    public static IReadOnlyList<string> Required { get; } =
    [
        AmountReceived, Otp, Paired, Unpaired, PairingMode, LowBattery, OnBattery, PowerRestored,
        NetworkLost, NetworkRestored, ShuttingDown, PoweredOn, Volume,
    ];
}
