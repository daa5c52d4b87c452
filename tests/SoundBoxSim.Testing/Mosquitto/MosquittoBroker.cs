using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>
/// The real Mosquitto broker on a free 127.0.0.1 port, for interop tests. It logs everything (to standard
/// error, which C does not buffer), and start-up waits for its "running" line rather than for a fixed time.
/// Persistence is off, so a restart forgets sessions and retained messages.
/// </summary>
/// <example>
/// <code>
/// await using var broker = await MosquittoBroker.StartAsync(cancellationToken: ct);
/// await using var sub = await MosquittoClients.StartSubscriberAsync(broker.Host, broker.Port, "a/#", 1, cancellationToken: ct);
/// await MosquittoClients.PublishAsync(broker.Host, broker.Port, "a/b", "hi", cancellationToken: ct);
/// var messages = await sub.WaitAsync(ct);
/// </code>
/// </example>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private const int PortAttempts = 5;
    private readonly MosquittoBrokerOptions _options;
    private readonly string _executable;
    private readonly string _folder;
    private ChildProcess? _process;

    private MosquittoBroker(MosquittoBrokerOptions options, string executable, string folder)
    {
        _options = options;
        _executable = executable;
        _folder = folder;
    }

    /// <summary>The address the broker listens on: always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the broker listens on; it stays the same across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Everything the broker printed, across restarts. Use <see cref="LineLog.WaitForAsync(string, int, CancellationToken)"/> to wait for a line.</summary>
    public LineLog Log { get; } = new();

    /// <summary>The broker's config file.</summary>
    public string ConfigPath => Path.Combine(_folder, "mosquitto.conf");

    /// <summary>The operating-system id of the running broker process (e.g. to read /proc/ID/status).</summary>
    public int ProcessId => Running.Id;

    /// <summary>Whether the broker process is alive.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private ChildProcess Running => _process is { HasExited: false } process
        ? process
        : throw new InvalidOperationException($"Mosquitto is not running.\n{Log}");

    /// <summary>Starts Mosquitto with a generated config and waits until it accepts connections.</summary>
    /// <exception cref="TimeoutException">It did not report running within <see cref="MosquittoBrokerOptions.StartTimeout"/>; the message holds its log.</exception>
    /// <exception cref="InvalidOperationException">It exited during start-up; the message holds its log.</exception>
    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new MosquittoBrokerOptions();
        // Debian installs the broker in /usr/sbin, which is not on an ordinary user's PATH.
        var executable = ExternalTool.Find("mosquitto")
            ?? (File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : ExternalTool.Require("mosquitto", "mosquitto"));
        var broker = new MosquittoBroker(options, executable, RepoPaths.NewTempFolder("mosquitto"));
        try
        {
            await broker.WritePasswordFileAsync(cancellationToken);
            await broker.StartOnFreePortAsync(cancellationToken);
            return broker;
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the broker with SIGKILL, so clients see their connections drop without a goodbye.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    /// <summary>Stops the broker with SIGTERM (a clean shutdown) and waits for it to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not null)
        {
            await _process.TerminateAsync(cancellationToken);
        }
    }

    /// <summary>Stops the broker if it runs (cleanly), then starts it again on the same port and waits until it is ready.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        if (await TryStartAsync(cancellationToken) == StartOutcome.AddressInUse)
        {
            throw new InvalidOperationException($"Port {Port} was taken while Mosquitto was down.\n{Log}");
        }
    }

    /// <summary>Kills the broker and deletes its config folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Leaving a temp folder behind is harmless.
        }
    }

    private async Task StartOnFreePortAsync(CancellationToken cancellationToken)
    {
        // Another process may take the free port between our check and Mosquitto's bind; then pick another.
        for (var attempt = 1; attempt <= PortAttempts; attempt++)
        {
            Port = FindFreePort();
            if (await TryStartAsync(cancellationToken) == StartOutcome.Running)
            {
                return;
            }
        }

        throw new InvalidOperationException($"Mosquitto found its port in use {PortAttempts} times.\n{Log}");
    }

    private async Task<StartOutcome> TryStartAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(ConfigPath, Config(), cancellationToken);
        var from = Log.Count;
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        _process = ChildProcess.Start(_executable, ["-c", ConfigPath], Log);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StartTimeout);
        var running = Log.WaitForAsync(IsRunningLine, from, timeout.Token);
        var exited = _process.WaitForExitAsync(timeout.Token);
        await Task.WhenAny(running, exited);

        if (running.IsCompletedSuccessfully)
        {
            return StartOutcome.Running;
        }

        if (exited.IsCompletedSuccessfully)
        {
            var inUse = Log.Lines.Skip(from).Any(l => l.Contains("Address already in use", StringComparison.Ordinal));
            return inUse
                ? StartOutcome.AddressInUse
                : throw new InvalidOperationException($"Mosquitto exited with {_process.ExitCode} while starting.\n{Log}");
        }

        await _process.KillAsync();
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"Mosquitto did not report running within {_options.StartTimeout}.\n{Log}");
    }

    private static bool IsRunningLine(string line) =>
        line.Contains("mosquitto version", StringComparison.Ordinal) && line.EndsWith(" running", StringComparison.Ordinal);

    private string Config()
    {
        List<string> lines =
        [
            "# Written by SoundBoxSim.Testing for one test broker.",
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} {Host}",
            $"allow_anonymous {(_options.AllowAnonymous ? "true" : "false")}",
            "persistence false",
            "log_dest stderr",
            "log_type all",
            "connection_messages true",
        ];
        if (Environment.UserName == "root")
        {
            // As root, Mosquitto would switch to the 'mosquitto' user, which may not read this folder.
            lines.Add("user root");
        }

        if (_options.Users.Count > 0)
        {
            lines.Add($"password_file {PasswordPath}");
        }

        lines.AddRange(_options.ExtraConfig);
        return string.Join('\n', lines) + "\n";
    }

    private string PasswordPath => Path.Combine(_folder, "passwords");

    private async Task WritePasswordFileAsync(CancellationToken cancellationToken)
    {
        if (_options.Users.Count == 0)
        {
            return;
        }

        var tool = ExternalTool.Require("mosquitto_passwd", "mosquitto");
        var create = true;
        foreach (var (user, password) in _options.Users)
        {
            string[] arguments = create ? ["-c", "-b", PasswordPath, user, password] : ["-b", PasswordPath, user, password];
            (await ProcessRunner.RunAsync(tool, arguments, cancellationToken: cancellationToken)).EnsureSuccess($"mosquitto_passwd for {user}");
            create = false;
        }
    }

    private static int FindFreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private enum StartOutcome
    {
        Running,
        AddressInUse,
    }
}
