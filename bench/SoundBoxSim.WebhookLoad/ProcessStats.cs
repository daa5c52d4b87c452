using System.Globalization;

namespace SoundBoxSim.WebhookLoad;

/// <summary>This process's CPU time, memory and open files, read from the runtime and /proc (Linux).</summary>
internal static class ProcessStats
{
    /// <summary>CPU time used so far, user and system.</summary>
    public static TimeSpan Cpu => Environment.CpuUsage.TotalTime;

    /// <summary>Resident memory now and its peak (VmRSS, VmHWM), in bytes; 0 where /proc cannot be read.</summary>
    public static (long Rss, long PeakRss) Memory()
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return (rss, peak);
    }

    /// <summary>Open file descriptors (each TCP connection end is one); -1 where /proc cannot be read.</summary>
    public static int OpenFiles()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>Samples open files and resident memory every <c>period</c> until disposed, keeping the peaks.</summary>
internal sealed class ResourceSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _peakOpenFiles;
    private long _peakRss;

    public ResourceSampler(TimeSpan period, Action? sample = null) => _loop = RunAsync(period, sample);

    public int PeakOpenFiles => Volatile.Read(ref _peakOpenFiles);

    public long PeakRssSampled => Volatile.Read(ref _peakRss);

    /// <summary>Takes one sample now (also called by the loop).</summary>
    public void Sample()
    {
        var files = ProcessStats.OpenFiles();
        var (rss, _) = ProcessStats.Memory();
        if (files > PeakOpenFiles)
        {
            Volatile.Write(ref _peakOpenFiles, files);
        }

        if (rss > PeakRssSampled)
        {
            Volatile.Write(ref _peakRss, rss);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan period, Action? sample)
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            sample?.Invoke();
            await Task.Delay(period, TimeProvider.System, _stop.Token);
        }
    }
}
