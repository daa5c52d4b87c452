using SoundBoxSim.WebhookLoad;

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(WebhookLoadOptions.Usage);
    return 0;
}

WebhookLoadOptions options;
try
{
    options = WebhookLoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"sbsim-webhookload: {ex.Message}");
    Console.Error.WriteLine(WebhookLoadOptions.Usage);
    return 2;
}

// A hard stop on top of every phase's own bound, so the tool always ends by itself.
using var stop = new CancellationTokenSource(options.Warmup + options.Duration + options.Drain + TimeSpan.FromMinutes(2));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    if (options.Baseline is { } mode)
    {
        var baseline = await Baseline.RunAsync(options, mode, options.Concurrency, stop.Token);
        Console.WriteLine(baseline.Human);
        Console.WriteLine(Baseline.ToJson(baseline));
        return baseline.Failed == 0 && baseline.ReceiverBadSignature == 0 ? 0 : 1;
    }

    var report = await LoadRun.RunAsync(options, Console.Error, stop.Token);
    Console.WriteLine(report.Human);
    Console.WriteLine(report.ToJson());
    if (report.FirstProblem is { } problem)
    {
        Console.Error.WriteLine($"sbsim-webhookload: first problem: {problem}");
    }

    return report.Ok ? 0 : 1;
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException or System.Text.Json.JsonException
    or SoundBoxSim.SePay.Ledger.LedgerException or SoundBoxSim.SePay.Webhooks.WebhookValidationException)
{
    Console.Error.WriteLine($"sbsim-webhookload: {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("sbsim-webhookload: stopped: the run exceeded its time bound or was interrupted");
    return 1;
}
