using SoundBoxSim.SePay;
using SoundBoxSim.SpeakerApi;

namespace SoundBoxSim.Host;

/// <summary>What <c>sbsim up</c> starts. Every default gives a working simulator on this machine alone.</summary>
public sealed record SimulatorOptions
{
    /// <summary>How many emulated speakers (default 3).</summary>
    public int Devices { get; init; } = 3;

    /// <summary>The first serial (default VNS52508000001).</summary>
    public string SerialStart { get; init; } = "VNS52508000001";

    /// <summary>Address the HTTP and MQTT servers listen on (default 127.0.0.1).</summary>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>HTTP port for the Speaker API and the control API (default 8080; 0 = any free port).</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>HTTP port of the fake SePay backend: webhook API, OAuth, transactions API, QR images (default 8081; 0 = any free port).</summary>
    public int SePayPort { get; init; } = 8081;

    /// <summary>The fake SePay backend's data and behaviour; its clock and store file are the simulator's.</summary>
    public SePayOptions SePay { get; init; } = new();

    /// <summary>
    /// Run the reference partner (off by default): a webhook receiver that checks SePay's signature, handles each
    /// transaction once and calls the Speaker API's notify for the speaker of that bank account (the n-th account's
    /// transfers go to the n-th device), so a transfer makes a paired speaker speak.
    /// </summary>
    public bool Bridge { get; init; }

    /// <summary>Port of the embedded MQTT broker (default 1883; 0 = any free port). Ignored with <see cref="ExternalBroker"/>.</summary>
    public int MqttPort { get; init; } = 1883;

    /// <summary>An external broker (<c>mqtt://HOST:PORT</c>) instead of the embedded one.</summary>
    public Uri? ExternalBroker { get; init; }

    /// <summary>A virtual clock, moved by the control API, instead of the system clock.</summary>
    public bool VirtualClock { get; init; }

    /// <summary>Where devices keep their memory across restarts (default: in memory).</summary>
    public string? DataFolder { get; init; }

    /// <summary>The Speaker API's behaviour and partners; its clock is replaced by the simulator's.</summary>
    public SpeakerApiOptions SpeakerApi { get; init; } = new();

    /// <summary>Device boot time (default 0.5 s: a real speaker takes seconds, but <c>sbsim up</c> must be ready in under 3).</summary>
    public TimeSpan BootTime { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Speaking time as a multiple of the audio's length (default 1).</summary>
    public double SpeechTimeScale { get; init; } = 1;

    /// <summary>Where log lines go (default: nowhere).</summary>
    public Action<string>? Log { get; init; }
}
