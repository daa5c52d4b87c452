using System.Diagnostics;

namespace SoundBoxSim.MqttLoad;

/// <summary>Opens, keeps alive and closes many connections, each step bounded in concurrency and time.</summary>
internal static class Connections
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DisconnectWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Opens <paramref name="count"/> connections and runs <paramref name="setup"/> on each. Slot i of the result
    /// is null if connection i failed; the first error is kept for the report.
    /// </summary>
    public static async Task<(MqttConnection?[] Opened, int Failed, string? FirstError)> OpenAsync(
        LoadOptions options, int count, Func<int, string> clientId, bool idle,
        Func<int, MqttConnection, CancellationToken, Task>? setup, CancellationToken cancellationToken)
    {
        var opened = new MqttConnection?[count];
        var failed = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.ConnectConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), parallel, async (i, token) =>
        {
            if (options.ConnectRate > 0)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start + (i * Stopwatch.Frequency / options.ConnectRate));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, TimeProvider.System, token);
                }
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                var connection = await MqttConnection.OpenAsync(options.Broker, clientId(i), options.KeepAliveSeconds, idle, timeout.Token);
                opened[i] = connection;
                if (setup is not null)
                {
                    await setup(i, connection, timeout.Token);
                }
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, $"{clientId(i)}: {ex.GetType().Name}: {ex.Message}", null);
            }
        });
        return (opened, failed, firstError);
    }

    /// <summary>Sends PINGREQ on every connection that has sent nothing for the keep-alive time, until cancelled.</summary>
    public static async Task KeepAliveAsync(IReadOnlyList<MqttConnection> connections, ushort keepAliveSeconds, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), TimeProvider.System);
        var idleTicks = keepAliveSeconds * Stopwatch.Frequency;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var connection in connections)
                {
                    if (Stopwatch.GetTimestamp() - connection.LastSend >= idleTicks && !connection.Closed.IsCompleted)
                    {
                        await connection.SendAsync(Frames.PingReq, cancellationToken).AsTask().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Sends DISCONNECT on each connection, lets the broker close first, then releases them.</summary>
    public static async Task CloseAllAsync(IEnumerable<MqttConnection> connections, int concurrency)
    {
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (connection, _) =>
        {
            await connection.DisconnectAsync(DisconnectWait);
            await connection.DisposeAsync();
        });
    }
}
