using System.Net;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.FleetLoad;

/// <summary>The command line, checked: every count and time is bounded and the broker must be on loopback.</summary>
internal sealed record FleetLoadOptions
{
    public const string Usage = """
        sbsim-fleetload: emulated speakers and a commander in this process, against a broker on this machine;
        measures an announce command published -> the device starts playing it (speech itself takes no time).

          --host H          127.0.0.0/8, ::1 or localhost (default 127.0.0.1)
          --port N          broker port (required)
          --devices N       paired devices, each its own MQTT connection, 1..10000 (default 1000)
          --rate N          announce commands per second, spread round-robin over the devices (default 500)
          --duration T      measured commanding time (default 20s)
          --warmup T        commanding time before that, left out of the latencies (default 3s)
          --drain T         how long to wait for the last commands to start playing (default 5s)
          --broker-name S   a label for the report (default the port)
        Times take ms, s or m (e.g. 500ms, 10s, 2m). Prints a human line, then one JSON line.
        """;

    public IPEndPoint Broker { get; init; } = new(IPAddress.Loopback, 1883);
    public string BrokerName { get; init; } = "";
    public int Devices { get; init; } = 1_000;
    public int Rate { get; init; } = 500;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static FleetLoadOptions Parse(string[] args)
    {
        var values = new CommandLineValues(args);
        var port = values.Int("port", 0, 1, 65_535);
        if (port == 0)
        {
            throw new ArgumentException("--port is required.");
        }

        var options = new FleetLoadOptions
        {
            Broker = new IPEndPoint(Loopback.Resolve(values.Take("host") ?? "127.0.0.1"), port),
            BrokerName = values.Take("broker-name") ?? $"port {port}",
            // One process may hold 20,000 files here; keep room for the commander and the runtime.
            Devices = values.Int("devices", 1_000, 1, 10_000),
            Rate = values.Int("rate", 500, 1, 100_000),
            Duration = values.Time("duration", TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(30)),
            Warmup = values.Time("warmup", TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(5)),
            Drain = values.Time("drain", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)),
        };
        values.EnsureAllTaken();
        return options;
    }
}
