using System.Globalization;
using SoundBoxSim.FleetLoad;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(FleetLoadOptions.Usage);
    return 0;
}

FleetLoadOptions options;
try
{
    options = FleetLoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"sbsim-fleetload: {ex.Message}");
    Console.Error.WriteLine(FleetLoadOptions.Usage);
    return 2;
}

// A hard stop on top of every phase's own bound, so the tool always ends by itself.
using var stop = new CancellationTokenSource(options.Warmup + options.Duration + options.Drain + TimeSpan.FromMinutes(3));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var report = await LatencyRun.RunAsync(options, Console.Error, stop.Token);
    Console.WriteLine(report.Human);
    Console.WriteLine(report.ToJson());
    return report.Ok ? 0 : 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sbsim-fleetload: stopped: the run exceeded its time bound or was interrupted"));
    return 1;
}
