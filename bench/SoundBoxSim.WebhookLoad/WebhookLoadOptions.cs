using SoundBoxSim.MqttLoad;
using SoundBoxSim.SePay.Webhooks.Engine;

namespace SoundBoxSim.WebhookLoad;

/// <summary>The command line, checked: every count and time is bounded, and the receiver must be on this machine.</summary>
internal sealed record WebhookLoadOptions
{
    public const string Usage = """
        sbsim-webhookload: webhook deliveries of the fake SePay backend, measured. Hosts SePayBackend and its
        DeliveryEngine in this process (as `sbsim up` builds them; in memory, no engine log lines, as --quiet), creates one
        HMAC_SHA256 webhook (event type All, JSON) to the receiver, then makes simulated transfers on the ledger at a
        fixed rate, paced by the clock and not by the deliveries (open loop), for the warm-up and the measured time, then
        waits for every delivery to end.

        Measured from the engine's own records (WebhookDelivery, on the system clock):
          accepted -> first attempt   CreatedAt -> Attempts[0].StartedAt, per transfer made after the warm-up
          first attempt               Attempts[0].Duration (connect, send, answer)
          accepted -> succeeded       CreatedAt -> the end of the attempt that succeeded
          throughput                  deliveries that ended Succeeded within the measured window, per second
        Nothing lost = every transfer became one delivery that Succeeded on its first attempt, and the receiver counted
        exactly as many valid requests, each transaction once, with no bad signature, stale timestamp or bad body.

          --receiver URL          the webhook URL (required; loopback only), e.g. http://127.0.0.1:5090/hook
          --secret S              the webhook's HMAC secret, the one the receiver checks with (required, 16..128 characters)
          --rate N                transfers per second, 1..100000 (default 5000)
          --duration T            measured time (default 20s)
          --warmup T              transfers before that, left out of the figures but checked (default 5s)
          --drain T               how long to wait for the last deliveries to end (default 30s)
          --max-concurrency N     DeliveryEngineOptions.MaxConcurrency (default the engine's, 1024)
          --max-per-destination N DeliveryEngineOptions.MaxConcurrencyPerDestination (default the engine's, 128)
          --max-log-entries N     DeliveryEngineOptions.MaxLogEntries, finished deliveries kept (default 10000)
          --fresh-connections B   true: give the engine a WebhookSender with ReuseConnections = false, a new TCP
                                  connection per attempt as a cURL call makes (default false, as sbsim up)
          --goal-rate N           the throughput goal, deliveries/s (default --rate); met at >= 99 % of it
          --goal-p99 T            the goal for accepted -> first attempt p99 (default 20ms)
          --scenario S            a name for the report (default "fast")
          --baseline M            instead: no ledger, no engine; --concurrency loops POST signed webhook bodies as fast as
                                  the answers come, for the warm-up and the measured time (not a goal, a yardstick):
                                  sender = the fake's WebhookSender (a fresh connection each), fresh = a plain HttpClient
                                  on a new handler each (a fresh connection each), pooled = one keep-alive handler
          --concurrency N         loops of --baseline, 1..4096 (default 64)
        Times take ms, s or m (e.g. 500ms, 10s, 2m). Progress on stderr; a human line, then one JSON line on stdout.
        Exit 0 when nothing was lost (whether or not the goals were met), 1 otherwise, 2 for a bad command line.
        """;

    private static readonly DeliveryEngineOptions EngineDefaults = new();

    public Uri Receiver { get; init; } = new("http://127.0.0.1:5090/hook");
    public string Secret { get; init; } = "";
    public int Rate { get; init; } = 5_000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxConcurrency { get; init; } = EngineDefaults.MaxConcurrency;
    public int MaxPerDestination { get; init; } = EngineDefaults.MaxConcurrencyPerDestination;
    public int MaxLogEntries { get; init; } = 10_000;
    public int GoalRate { get; init; } = 5_000;
    public TimeSpan GoalP99 { get; init; } = TimeSpan.FromMilliseconds(20);
    public string Scenario { get; init; } = "fast";
    public bool FreshConnections { get; init; }
    public BaselineMode? Baseline { get; init; }
    public int Concurrency { get; init; } = 64;

    /// <summary>Transfers made in all, warm-up included.</summary>
    public int Total => checked((int)Math.Round(Rate * (Warmup + Duration).TotalSeconds));

    /// <summary>Transfers made during the warm-up.</summary>
    public int WarmupCount => (int)Math.Round(Rate * Warmup.TotalSeconds);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static WebhookLoadOptions Parse(string[] args)
    {
        var values = new CommandLineValues(args);
        var receiver = values.Take("receiver") ?? throw new ArgumentException("--receiver is required.");
        if (!Uri.TryCreate(receiver, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || !url.IsLoopback)
        {
            throw new ArgumentException($"--receiver '{receiver}' is not an http URL on a loopback address (127.0.0.0/8, ::1 or localhost); refusing to load it.");
        }

        var secret = values.Take("secret") ?? throw new ArgumentException("--secret is required.");
        if (secret.Length is < 16 or > 128 || !secret.All(c => c is > ' ' and < '\u007f'))
        {
            throw new ArgumentException("--secret must be 16 to 128 printable ASCII characters without spaces.");
        }

        var rate = values.Int("rate", 5_000, 1, 100_000);
        var options = new WebhookLoadOptions
        {
            Receiver = url,
            Secret = secret,
            Rate = rate,
            Duration = values.Time("duration", TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(30)),
            Warmup = values.Time("warmup", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5)),
            Drain = values.Time("drain", TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10)),
            MaxConcurrency = values.Int("max-concurrency", EngineDefaults.MaxConcurrency, 1, 100_000),
            MaxPerDestination = values.Int("max-per-destination", EngineDefaults.MaxConcurrencyPerDestination, 1, 100_000),
            MaxLogEntries = values.Int("max-log-entries", 10_000, 0, 10_000_000),
            GoalRate = values.Int("goal-rate", rate, 1, 100_000),
            GoalP99 = values.Time("goal-p99", TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(1)),
            Scenario = values.Take("scenario") ?? "fast",
            Baseline = values.Take("baseline") switch
            {
                null => null,
                "sender" => BaselineMode.Sender,
                "fresh" => BaselineMode.Fresh,
                "pooled" => BaselineMode.Pooled,
                var other => throw new ArgumentException($"--baseline must be sender, fresh or pooled, not '{other}'."),
            },
            Concurrency = values.Int("concurrency", 64, 1, 4096),
            FreshConnections = values.Take("fresh-connections") switch
            {
                null or "false" => false,
                "true" => true,
                var other => throw new ArgumentException($"--fresh-connections must be true or false, not '{other}'."),
            },
        };
        values.EnsureAllTaken();
        if (options.Duration < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("--duration must be at least 1 s.");
        }

        if ((long)options.Rate * (options.Warmup + options.Duration).TotalSeconds > 20_000_000)
        {
            throw new ArgumentException("--rate times (--warmup + --duration) must be at most 20,000,000 transfers.");
        }

        return options;
    }
}
