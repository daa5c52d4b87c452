using System.Diagnostics;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// Opens --connections idle connections that send only PINGREQ, holds them for --duration, then closes them.
/// It prints a "holding" line once all are open, so a script can read the broker's memory at that moment.
/// </summary>
internal static class IdleRun
{
    public static async Task<Report> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var start = Stopwatch.GetTimestamp();
        var result = await Connections.OpenAsync(options, options.Connections, i => $"sbload-{run}-i{i}", idle: true, null, cancellationToken);
        var connectSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var open = result.Opened.OfType<MqttConnection>().ToList();
        try
        {
            Report.Holding(options, open.Count, connectSeconds);
            using var stopPings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pings = Connections.KeepAliveAsync(open, options.KeepAliveSeconds, stopPings.Token);
            await Task.Delay(options.Duration, TimeProvider.System, cancellationToken);
            await stopPings.CancelAsync();
            await pings;

            var stillOpen = open.Count(c => !c.Closed.IsCompleted);
            Report.Event("releasing", stillOpen);
            return Report.ForIdle(options, open.Count, result.Failed, result.FirstError, connectSeconds, stillOpen);
        }
        finally
        {
            await Connections.CloseAllAsync(open, options.ConnectConcurrency);
        }
    }
}
