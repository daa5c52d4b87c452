using System.Diagnostics;
using System.Net.Sockets;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// fanin: many publishers, each on its own topic, to one subscriber on a '+' filter.
/// fanout: one publisher to many subscribers of its topic.
/// Rate and latency count only deliveries that arrive inside the measuring window.
/// </summary>
internal static class PubSubRun
{
    public static async Task<Report> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var fanIn = options.Scenario == "fanin";
        var run = Guid.NewGuid().ToString("N")[..8];
        var root = $"sbload/{run}";
        var filter = fanIn ? $"{root}/in/+" : $"{root}/out";
        var receivers = Enumerable.Range(0, fanIn ? 1 : options.Subscribers).Select(_ => new Receiver()).ToArray();

        var subs = await Connections.OpenAsync(options, receivers.Length, i => $"sbload-{run}-s{i}", idle: false, async (i, connection, ct) =>
        {
            connection.OnPublish = receivers[i].OnPublish;
            var granted = await connection.SubscribeAsync(filter, options.Qos, ct);
            if (granted != options.Qos)
            {
                throw new IOException($"SUBACK granted 0x{granted:x2} for QoS {options.Qos}.");
            }
        }, cancellationToken);
        var pubs = await Connections.OpenAsync(options, fanIn ? options.Publishers : 1, i => $"sbload-{run}-p{i}", idle: false, null, cancellationToken);
        var all = subs.Opened.Concat(pubs.Opened).OfType<MqttConnection>().ToList();
        try
        {
            if (subs.Failed + pubs.Failed > 0)
            {
                return Report.Failure(options, $"{subs.Failed + pubs.Failed} connections failed; first: {subs.FirstError ?? pubs.FirstError}");
            }

            var publishers = pubs.Opened.Select((c, i) => new Publisher(c!, fanIn ? $"{root}/in/{i}" : $"{root}/out", options)).ToArray();
            return await MeasureAsync(options, publishers, receivers, all, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            var reason = all.Select(c => c.Error).FirstOrDefault(e => e is not null);
            return Report.Failure(options, $"{ex.GetType().Name}: {ex.Message}{(reason is null ? "" : $" (connection: {reason})")}");
        }
        finally
        {
            await Connections.CloseAllAsync(all, options.ConnectConcurrency);
        }
    }

    private static async Task<Report> MeasureAsync(
        LoadOptions options, Publisher[] publishers, Receiver[] receivers, List<MqttConnection> all, CancellationToken cancellationToken)
    {
        using var stopPings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pings = Connections.KeepAliveAsync(all, options.KeepAliveSeconds, stopPings.Token);

        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        var window = MeasureWindow.From(start, options.Warmup, options.Duration);
        Array.ForEach(receivers, r => r.Window = window);
        Array.ForEach(publishers, p => p.Window = window);
        var broker = BrokerProbe.MeasureAsync(options.BrokerPid, window, cancellationToken);

        // Publishers start spread over one send interval, so paced runs do not send in lockstep.
        var interval = options.Rate > 0 ? (double)Stopwatch.Frequency * publishers.Length / options.Rate : 0;
        await Task.WhenAll(publishers.Select((p, i) =>
            Task.Run(() => p.RunAsync(start + (long)(interval * i / publishers.Length), interval, cancellationToken), cancellationToken)));

        // Then wait, up to --drain, for outstanding PUBACKs and for every subscriber to get every message.
        var deadline = window.End + MeasureWindow.Ticks(options.Drain);
        var drainLeft = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (drainLeft > TimeSpan.Zero)
        {
            await Task.WhenAll(publishers.Select(p => p.AllAcked)).WaitAsync(drainLeft, TimeProvider.System, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var sent = publishers.Sum(p => p.Sent);
        await Task.WhenAll(receivers.Select(r => r.ExpectAsync(sent, deadline, cancellationToken)));
        var cpuPercent = (Environment.CpuUsage.TotalTime - cpu) / Stopwatch.GetElapsedTime(start) * 100;
        await stopPings.CancelAsync();
        await pings;

        var dropped = all.Count(c => c.Closed.IsCompleted);
        return Report.ForPubSub(options, publishers, receivers, window, dropped, cpuPercent, await broker);
    }
}
