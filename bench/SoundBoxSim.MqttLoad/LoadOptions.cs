using System.Net;

namespace SoundBoxSim.MqttLoad;

/// <summary>The command line, checked: every count and time is bounded and the broker must be on loopback.</summary>
internal sealed record LoadOptions
{
    public const string Usage = """
        sbsim-mqttload: MQTT 3.1.1 load against a broker on this machine (loopback only).

          --host H                 127.0.0.0/8, ::1 or localhost (default 127.0.0.1)
          --port N                 broker port (required)
          --scenario S             fanin | fanout | idle (required)
          --qos 0|1                publish and subscription QoS (default 0)
          --size BYTES             payload size, 16..65536; the first 8 bytes carry the send time (default 64)
          --duration T             publishing time, or how long idle connections are held (default 10s)
          --warmup T               first part of the run left out of rate and latency (default 1s)
          --drain T                how long to wait for stragglers after publishing stops (default 5s)
          --rate N                 messages/s offered by all publishers together, 0 = as fast as possible (default 0)
          --inflight N             QoS 1 messages a publisher may have unacknowledged (default 16)
          --publishers N           fanin publishers (default 100)
          --subscribers N          fanout subscribers (default 1000)
          --connections N          idle connections (default 10000)
          --connect-concurrency N  connections opened at once (default 64)
          --connect-rate N         new connections per second, 0 = unlimited (default 0)
          --keepalive SECONDS      keep-alive in CONNECT; PINGREQ is sent when idle that long (default 60)
          --broker-pid PID         report the broker's CPU share over the window and its RSS (Linux /proc)
        Times take ms, s or m (e.g. 500ms, 10s, 2m). Prints a human line, then one JSON line.
        """;

    public IPEndPoint Broker { get; init; } = new(IPAddress.Loopback, 1883);
    public string Scenario { get; init; } = "";
    public byte Qos { get; init; }
    public int Size { get; init; } = 64;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);
    public int Rate { get; init; }
    public int Inflight { get; init; } = 16;
    public int Publishers { get; init; } = 100;
    public int Subscribers { get; init; } = 1000;
    public int Connections { get; init; } = 10_000;
    public int ConnectConcurrency { get; init; } = 64;
    public int ConnectRate { get; init; }
    public ushort KeepAliveSeconds { get; init; } = 60;
    public int? BrokerPid { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var values = new CommandLineValues(args);
        var Take = values.Take;
        var Int = values.Int;
        var Time = values.Time;

        var options = new LoadOptions
        {
            Scenario = Take("scenario") ?? throw new ArgumentException("--scenario is required (fanin, fanout or idle)."),
            Qos = (byte)Int("qos", 0, 0, 1),
            Size = Int("size", 64, 16, 65_536),
            Duration = Time("duration", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(30)),
            Warmup = Time("warmup", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
            Drain = Time("drain", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
            Rate = Int("rate", 0, 0, 10_000_000),
            Inflight = Int("inflight", 16, 1, 10_000),
            Publishers = Int("publishers", 100, 1, 10_000),
            Subscribers = Int("subscribers", 1000, 1, 10_000),
            // One process may hold 20,000 files here; keep room for the runtime's own.
            Connections = Int("connections", 10_000, 1, 19_000),
            ConnectConcurrency = Int("connect-concurrency", 64, 1, 1_000),
            ConnectRate = Int("connect-rate", 0, 0, 100_000),
            KeepAliveSeconds = (ushort)Int("keepalive", 60, 1, 65_535),
            BrokerPid = Int("broker-pid", 0, 1, int.MaxValue) is var pid and > 0 ? pid : null,
        };
        var host = Take("host") ?? "127.0.0.1";
        var port = Int("port", 0, 1, 65_535);
        if (port == 0)
        {
            throw new ArgumentException("--port is required.");
        }

        options = options with { Broker = new IPEndPoint(Loopback.Resolve(host), port) };
        if (options.Scenario is not ("fanin" or "fanout" or "idle"))
        {
            throw new ArgumentException($"Unknown --scenario '{options.Scenario}' (fanin, fanout or idle).");
        }

        if (options.Warmup >= options.Duration && options.Scenario != "idle")
        {
            throw new ArgumentException("--warmup must be shorter than --duration.");
        }

        values.EnsureAllTaken();
        return options;
    }
}
