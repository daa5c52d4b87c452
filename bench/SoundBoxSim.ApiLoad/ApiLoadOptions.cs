using System.Globalization;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.ApiLoad;

/// <summary>The command line, checked: every count and time is bounded; the endpoints file says where the simulator is.</summary>
internal sealed record ApiLoadOptions
{
    public const string Usage = """
        sbsim-apiload: the whole chain against a running `sbsim up` (start it with --endpoints-file F, and with speech
        taking no time, so a device's queue never backs up): pairs its devices through the Speaker API (token, pair/request,
        the OTP the device spoke read from the control API, pair/verify), then sends transactions/notify at a fixed rate,
        round-robin over the devices, each with a new requestId, paced by the clock and not by the answers.

        Measured per notify, on this process's stopwatch:
          sent -> started ack   the request is handed to HttpClient -> the device's "started" ack for its requestId
                                arrives at this tool's MQTT subscriber on the simulator's broker (soundbox/+/ack). The goal.
          accepted -> started   the 200 SENT answer is read -> that same ack (0 when the ack came first; counted)
          notify HTTP           the request is handed to HttpClient -> the 200 answer's body is read
        and, on the machine's wall clock (the device's own startedAt has millisecond resolution):
          sent -> device start  the request is handed to HttpClient -> the startedAt the device wrote in its ack
        Nothing lost = every notify answered 200 SENT, started and played on its device (no failed ack), and
        check_notify says SUCCESS for every one checked.

          --endpoints-file F  JSON written by `sbsim up --endpoints-file F` (required); every address must be loopback
          --devices N         pair and notify the first N devices of the file, 1..10000 (default: all of them)
          --rate N            notifies per second, 1..20000 (default 500)
          --duration T        measured time (default 20s)
          --warmup T          notifying before that, left out of the latencies but checked (default 3s)
          --drain T           how long to wait for the last notifies to be played (default 10s)
          --connections N     HTTP/1.1 connections at most, 1..1024 (default 64)
          --check-notify N    check_notify this many of the notifies at the end, spread evenly; 0 = none,
                              default all
          --goal-p50 T        the goal for sent -> started ack p50 (default 5ms)
          --goal-p99 T        the goal for its p99 (default 50ms)
          --label S           a label for the report (default "ours")
        Times take ms, s or m (e.g. 500ms, 10s, 2m). Progress on stderr; a human line, then one JSON line on stdout.
        Exit 0 when nothing was lost (whether or not the latency goal was met), 1 otherwise, 2 for a bad command line.
        """;

    public string EndpointsFile { get; init; } = "";
    public int? Devices { get; init; }
    public int Rate { get; init; } = 500;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);
    public int Connections { get; init; } = 64;
    public int? CheckNotify { get; init; }
    public TimeSpan GoalP50 { get; init; } = TimeSpan.FromMilliseconds(5);
    public TimeSpan GoalP99 { get; init; } = TimeSpan.FromMilliseconds(50);
    public string Label { get; init; } = "ours";

    /// <summary>Notifies sent in all, warm-up included.</summary>
    public int Total => checked((int)Math.Round(Rate * (Warmup + Duration).TotalSeconds));

    /// <summary>Notifies sent during the warm-up.</summary>
    public int WarmupCount => (int)Math.Round(Rate * Warmup.TotalSeconds);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static ApiLoadOptions Parse(string[] args)
    {
        var values = new CommandLineValues(args);
        var file = values.Take("endpoints-file") ?? throw new ArgumentException("--endpoints-file is required.");
        int? devices = values.Take("devices") is { } d ? Bounded("devices", d, 1, 10_000) : null;
        int? check = values.Take("check-notify") is { } c ? Bounded("check-notify", c, 0, int.MaxValue) : null;
        var options = new ApiLoadOptions
        {
            EndpointsFile = file,
            Devices = devices,
            Rate = values.Int("rate", 500, 1, 20_000),
            Duration = values.Time("duration", TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(30)),
            Warmup = values.Time("warmup", TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(5)),
            Drain = values.Time("drain", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)),
            Connections = values.Int("connections", 64, 1, 1024),
            CheckNotify = check,
            GoalP50 = values.Time("goal-p50", TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(1)),
            GoalP99 = values.Time("goal-p99", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(1)),
            Label = values.Take("label") ?? "ours",
        };
        values.EnsureAllTaken();
        if (options.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--duration must be more than 0.");
        }

        if ((long)options.Rate * (options.Warmup + options.Duration).TotalSeconds > 10_000_000)
        {
            throw new ArgumentException("--rate times (--warmup + --duration) must be at most 10,000,000 notifies.");
        }

        return options;
    }

    private static int Bounded(string name, string text, int min, int max)
    {
        var value = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} must be a whole number.");
        return value >= min && value <= max ? value : throw new ArgumentException($"--{name} must be between {min} and {max}.");
    }
}
