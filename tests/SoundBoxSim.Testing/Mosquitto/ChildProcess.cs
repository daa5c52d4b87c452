using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>A running program whose standard output and error lines go, as they arrive, into one <see cref="LineLog"/>.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private readonly Process _process;

    private ChildProcess(Process process, LineLog log)
    {
        _process = process;
        Log = log;
    }

    /// <summary>Every line the program printed, standard output and error together.</summary>
    public LineLog Log { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the program has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="fileName"/> with its standard input closed.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, LineLog log)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Add(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Add(e.Data); } };
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, log);
    }

    /// <summary>Completes when the process has exited and all its output is in the log.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL: the program gets no chance to say goodbye, as when a device loses power.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: asks the program to shut down cleanly, then waits for it.</summary>
    public Task TerminateAsync(CancellationToken cancellationToken) => SignalAsync(SigTerm, cancellationToken);

    /// <summary>SIGINT (Ctrl+C at a terminal), then waits for the program to exit.</summary>
    public Task InterruptAsync(CancellationToken cancellationToken) => SignalAsync(SigInt, cancellationToken);

    private async Task SignalAsync(int signal, CancellationToken cancellationToken)
    {
        if (!_process.HasExited && Kill(_process.Id, signal) != 0 && !_process.HasExited)
        {
            await KillAsync();
            return;
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Kills the program if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    // Process.Kill only sends SIGKILL; a clean stop needs SIGTERM.
    // DllImport, not LibraryImport, which would need unsafe code enabled for the whole test kit.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
