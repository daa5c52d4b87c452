using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>A running program whose standard output and error lines go, as they arrive, into one <see cref="LineLog"/>.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private ChildProcess(Process process, LineLog log)
    {
        _process = process;
        Log = log;
    }

    public LineLog Log { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0 && !_process.HasExited)
        {
            await KillAsync();
            return;
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

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
