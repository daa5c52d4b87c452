using SoundBoxSim.MqttLoad;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"sbsim-mqttload: {ex.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

// A hard stop on top of every phase's own bound, so the tool always ends by itself.
var connecting = options.ConnectRate > 0 ? TimeSpan.FromSeconds((double)Math.Max(options.Connections, options.Subscribers) / options.ConnectRate) : TimeSpan.Zero;
using var stop = new CancellationTokenSource(options.Duration + options.Drain + connecting + TimeSpan.FromMinutes(3));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Report report;
try
{
    report = options.Scenario == "idle"
        ? await IdleRun.RunAsync(options, stop.Token)
        : await PubSubRun.RunAsync(options, stop.Token);
}
catch (OperationCanceledException)
{
    report = Report.Failure(options, "stopped: the run exceeded its time bound or was interrupted");
}

Console.WriteLine(report.Human);
Console.WriteLine(report.ToJson());
return report.Ok ? 0 : 1;
