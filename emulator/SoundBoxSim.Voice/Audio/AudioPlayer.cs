using System.Diagnostics;

namespace SoundBoxSim.Voice.Audio;

/// <summary>Plays a WAV file through a system player (aplay, paplay or ffplay) when one is installed.</summary>
public static class AudioPlayer
{
    private static readonly (string Program, string[] Arguments)[] Players =
    [
        ("aplay", ["-q"]),
        ("paplay", []),
        ("ffplay", ["-nodisp", "-autoexit", "-loglevel", "quiet"]),
    ];

    /// <summary>
    /// Plays <paramref name="path"/> and waits until it ends. Returns null when it played, or a note saying why
    /// nothing was heard (no player installed, or the player failed).
    /// </summary>
    public static async Task<string?> PlayAsync(string path, CancellationToken cancellationToken = default)
    {
        foreach (var (program, arguments) in Players)
        {
            var executable = FindOnPath(program);
            if (executable is null)
            {
                continue;
            }

            var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true };
            foreach (var argument in arguments.Append(path))
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? null : $"{program} could not play the file: {(await errors).Trim()}";
        }

        return "no audio player found (install alsa-utils, pulseaudio-utils or ffmpeg to hear it); the WAV was written silently";
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
