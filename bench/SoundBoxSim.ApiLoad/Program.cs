using SoundBoxSim.ApiLoad;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(ApiLoadOptions.Usage);
    return 0;
}

ApiLoadOptions options;
try
{
    options = ApiLoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"sbsim-apiload: {ex.Message}");
    Console.Error.WriteLine(ApiLoadOptions.Usage);
    return 2;
}

// A hard stop on top of every phase's own bound, so the tool always ends by itself.
using var stop = new CancellationTokenSource(options.Warmup + options.Duration + options.Drain + TimeSpan.FromMinutes(5));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var report = await ChainRun.RunAsync(options, Console.Error, stop.Token);
    Console.WriteLine(report.Human);
    Console.WriteLine(report.ToJson());
    if (report.FirstProblem is { } problem)
    {
        Console.Error.WriteLine($"sbsim-apiload: first problem: {problem}");
    }

    return report.Ok ? 0 : 1;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"sbsim-apiload: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or System.Net.Sockets.SocketException
    or SoundBoxSim.Mqtt.Client.MqttConnectException or System.Text.Json.JsonException or KeyNotFoundException)
{
    Console.Error.WriteLine($"sbsim-apiload: {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("sbsim-apiload: stopped: the run exceeded its time bound or was interrupted");
    return 1;
}
