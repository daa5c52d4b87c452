using SoundBoxSim.Device.Memory;
using SoundBoxSim.Device.Power;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.Device;

/// <summary>How one emulated speaker is built and behaves. Every default is what a SePay SoundBox S5 Plus would plausibly do.</summary>
public sealed record SpeakerDeviceOptions
{
    /// <summary>The serial printed on the device (the Speaker API's <c>hardwareId</c>), e.g. <c>VNS52508000001</c>; also the MQTT client id.</summary>
    public required string Serial { get; init; }

    /// <summary>Opens the device's connection to the broker (TCP, or the embedded broker's in-memory transport).</summary>
    public required Func<CancellationToken, Task<IMqttTransport>> ConnectTransport { get; init; }

    /// <summary>The model reported in status (default "S5 Plus", the model in SePay's examples).</summary>
    public string Model { get; init; } = "S5 Plus";

    /// <summary>The firmware version reported in status.</summary>
    public string Firmware { get; init; } = "sbsim-1.0";

    /// <summary>The clock for everything: boot, speech, battery, reconnects. A virtual clock runs days in milliseconds.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The battery and power model.</summary>
    public PowerOptions Power { get; init; } = new();

    /// <summary>Battery level at start, in percent (default 100).</summary>
    public double BatteryPercent { get; init; } = 100;

    /// <summary>Whether mains power is connected at start (default true; the device boots at once).</summary>
    public bool MainsConnected { get; init; } = true;

    /// <summary>4G signal bars at start, 0 (no network) to 5 (default 4).</summary>
    public int Signal { get; init; } = 4;

    /// <summary>Volume of a factory-fresh device, 0 to <see cref="PowerOptions.MaxVolume"/> (default 3).</summary>
    public int DefaultVolume { get; init; } = 3;

    /// <summary>Time from power on to looking for the network (default 5 s).</summary>
    public TimeSpan BootTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Time to say goodbye after the power button is held (default 2 s).</summary>
    public TimeSpan ShutdownTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long pairing mode lasts without a pairing (default 120 s, the Speaker API's session lifetime).</summary>
    public TimeSpan PairingTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Amount announcements sent longer ago than this (by their <c>sentAt</c>) are dropped and reported, not spoken (default 5 min).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long speaking takes, as a multiple of the audio's length (default 1). 0 makes announcements take no time, for
    /// load tests that measure the device and the network, not the speech; the reported duration stays the audio's.
    /// </summary>
    public double SpeechTimeScale { get; init; } = 1;

    /// <summary>How many played requestIds are remembered to refuse duplicates (default 1,000; survives reboots).</summary>
    public int DedupeWindow { get; init; } = 1_000;

    /// <summary>How many announcements the device keeps in its history for the control API (default 100).</summary>
    public int AnnouncementHistory { get; init; } = 100;

    /// <summary>Telemetry period while connected (default 60 s); telemetry is also sent on every state change.</summary>
    public TimeSpan TelemetryInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>MQTT keep-alive (default 60 s).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>First reconnect delay; doubles up to <see cref="ReconnectMaxDelay"/>, with jitter (default 1 s).</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest reconnect delay (default 30 s).</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where pairing, volume and the dedupe window are kept across reboots (default: in this process).</summary>
    public IDeviceMemoryStore? Memory { get; init; }

    /// <summary>Receives the device's log lines.</summary>
    public MqttLogger? Log { get; init; }

    /// <summary>Checks the values; the message names the property and the allowed range.</summary>
    public void Validate()
    {
        Power.Validate();
        Check(Power.MaxVolume <= Protocol.DeviceCommandCodec.MaxVolume, "Power.MaxVolume", $"at most {Protocol.DeviceCommandCodec.MaxVolume}, the protocol's highest volume");
        Check(BatteryPercent is >= 0 and <= 100, nameof(BatteryPercent), "from 0 to 100");
        Check(Signal is >= 0 and <= Network.CellularLink.MaxSignal, nameof(Signal), $"from 0 to {Network.CellularLink.MaxSignal}");
        Check(DefaultVolume >= 0 && DefaultVolume <= Power.MaxVolume, nameof(DefaultVolume), $"from 0 to {Power.MaxVolume}");
        Check(BootTime >= TimeSpan.Zero && ShutdownTime >= TimeSpan.Zero, nameof(BootTime), "not negative");
        Check(PairingTimeout > TimeSpan.Zero && StaleAfter > TimeSpan.Zero && TelemetryInterval > TimeSpan.Zero, nameof(PairingTimeout), "positive (also StaleAfter, TelemetryInterval)");
        Check(SpeechTimeScale is >= 0 and <= 100, nameof(SpeechTimeScale), "from 0 to 100");
        Check(DedupeWindow is >= 1 and <= 100_000, nameof(DedupeWindow), "from 1 to 100,000");
        Check(AnnouncementHistory is >= 1 and <= 100_000, nameof(AnnouncementHistory), "from 1 to 100,000");
        Check(Model.Length > 0 && Firmware.Length > 0, nameof(Model), "not empty (also Firmware)");
    }

    private static void Check(bool valid, string name, string range)
    {
        if (!valid)
        {
            throw new ArgumentException($"SpeakerDeviceOptions.{name} must be {range}.", name);
        }
    }
}
