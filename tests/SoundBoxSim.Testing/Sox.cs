using System.Globalization;
using System.Text.RegularExpressions;

namespace SoundBoxSim.Testing;

/// <summary>What the real sox tools say about an audio file.</summary>
/// <param name="SampleRate">soxi -r.</param>
/// <param name="Channels">soxi -c.</param>
/// <param name="BitsPerSample">soxi -b.</param>
/// <param name="Samples">soxi -s: samples per channel.</param>
/// <param name="RmsAmplitude">sox stat "RMS amplitude", 0..1.</param>
/// <param name="MaximumAmplitude">sox stat "Maximum amplitude", 0..1.</param>
public sealed record SoxReport(int SampleRate, int Channels, int BitsPerSample, long Samples, double RmsAmplitude, double MaximumAmplitude);

/// <summary>Reads audio files back with sox and soxi, so our WAV output is checked by a real tool.</summary>
public static partial class Sox
{
    /// <summary>Runs soxi and <c>sox FILE -n stat</c> on <paramref name="path"/>.</summary>
    public static async Task<SoxReport> InspectAsync(string path, CancellationToken cancellationToken = default)
    {
        var soxi = ExternalTool.Require("soxi", "sox");
        var sox = ExternalTool.Require("sox", "sox");
        async Task<string> Soxi(string flag) =>
            (await ProcessRunner.RunAsync(soxi, [flag, path], cancellationToken: cancellationToken)).EnsureSuccess($"soxi {flag} {path}").StandardOutput.Trim();

        var stat = (await ProcessRunner.RunAsync(sox, [path, "-n", "stat"], cancellationToken: cancellationToken)).EnsureSuccess($"sox {path} -n stat").StandardError;
        return new SoxReport(
            int.Parse(await Soxi("-r"), CultureInfo.InvariantCulture),
            int.Parse(await Soxi("-c"), CultureInfo.InvariantCulture),
            int.Parse(await Soxi("-b"), CultureInfo.InvariantCulture),
            long.Parse(await Soxi("-s"), CultureInfo.InvariantCulture),
            StatValue(stat, "RMS     amplitude"),
            StatValue(stat, "Maximum amplitude"));
    }

    private static double StatValue(string stat, string name)
    {
        var match = StatLine().Matches(stat).FirstOrDefault(m => m.Groups["name"].Value.Trim() == name)
            ?? throw new InvalidOperationException($"sox stat printed no '{name}':\n{stat}");
        return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<name>[^:\n]+):\s+(?<value>-?[0-9.]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex StatLine();
}
