using System.Globalization;

namespace SoundBoxSim.MqttLoad;

/// <summary>
/// Reads the broker's CPU time and memory from /proc (Linux), so its CPU share covers exactly the measuring
/// window rather than the whole run with its connect and drain phases.
/// </summary>
internal static class BrokerProbe
{
    // utime and stime in /proc/PID/stat count in USER_HZ, which Linux fixes at 100 for user space.
    private const double TicksPerSecond = 100;

    /// <summary>Waits for the window, then returns the broker's CPU percent (of one core) over it and its RSS at the end.</summary>
    public static async Task<(double CpuPercent, long RssKb)?> MeasureAsync(int? pid, MeasureWindow window, CancellationToken cancellationToken)
    {
        if (pid is not { } id || !File.Exists($"/proc/{id}/stat"))
        {
            return null;
        }

        await WaitUntilAsync(window.Start, cancellationToken);
        var before = CpuSeconds(id);
        await WaitUntilAsync(window.End, cancellationToken);
        var used = CpuSeconds(id) - before;
        return (Math.Round(used / window.Seconds * 100, 1), RssKb(id));
    }

    public static long RssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
    }

    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    private static async Task WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, cancellationToken);
        }
    }
}
