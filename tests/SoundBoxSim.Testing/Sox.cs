using System.Globalization;
using System.Text.RegularExpressions;

namespace SoundBoxSim.Testing;

/// <summary>What <c>soxi FILE</c> says about a file.</summary>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="Channels">Number of channels.</param>
/// <param name="Bits">Bits per sample (precision).</param>
/// <param name="Samples">Samples per channel.</param>
/// <param name="Encoding">soxi's "Sample Encoding" line, e.g. "16-bit Signed Integer PCM".</param>
public sealed record SoxInfo(int SampleRate, int Channels, int Bits, long Samples, string Encoding);

/// <summary>The levels <c>sox FILE -n stat</c> measures, as fractions of full scale.</summary>
/// <param name="Samples">Samples read.</param>
/// <param name="RmsAmplitude">RMS amplitude, 0..1.</param>
/// <param name="MaximumAmplitude">Largest sample, -1..1.</param>
/// <param name="MinimumAmplitude">Smallest sample, -1..1.</param>
public sealed record SoxStat(long Samples, double RmsAmplitude, double MaximumAmplitude, double MinimumAmplitude);

/// <summary>Runs the real sox and soxi (Debian package sox) and parses what they print.</summary>
public static partial class Sox
{
    /// <summary>The sox program; fails the test if it is missing.</summary>
    public static string SoxPath => ExternalTool.Require("sox", "sox");

    /// <summary>The soxi program; fails the test if it is missing.</summary>
    public static string SoxiPath => ExternalTool.Require("soxi", "sox");

    /// <summary>Runs sox with <paramref name="arguments"/> and fails with its output if it fails.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(SoxPath, arguments, cancellationToken: cancellationToken)).EnsureSuccess("sox");

    /// <summary>Runs <c>soxi FILE</c>.</summary>
    public static async Task<SoxInfo> InfoAsync(string path, CancellationToken cancellationToken)
    {
        var output = (await ProcessRunner.RunAsync(SoxiPath, [path], cancellationToken: cancellationToken))
            .EnsureSuccess($"soxi {path}").StandardOutput;
        return new SoxInfo(
            Field<int>(output, SampleRateLine()),
            Field<int>(output, ChannelsLine()),
            Field<int>(output, PrecisionLine()),
            Field<long>(output, DurationLine()),
            EncodingLine().Match(output) is { Success: true } m ? m.Groups[1].Value.Trim() : throw Unparsed(output, "Sample Encoding"));
    }

    /// <summary>Runs <c>sox FILE -n stat</c>.</summary>
    public static async Task<SoxStat> StatAsync(string path, CancellationToken cancellationToken)
    {
        // sox prints the statistics on standard error.
        var output = (await ProcessRunner.RunAsync(SoxPath, [path, "-n", "stat"], cancellationToken: cancellationToken))
            .EnsureSuccess($"sox {path} -n stat").StandardError;
        return new SoxStat(
            Field<long>(output, SamplesReadLine()),
            Field<double>(output, RmsLine()),
            Field<double>(output, MaximumLine()),
            Field<double>(output, MinimumLine()));
    }

    private static T Field<T>(string output, Regex line) where T : IParsable<T> =>
        line.Match(output) is { Success: true } match
            ? T.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw Unparsed(output, line.ToString());

    private static InvalidOperationException Unparsed(string output, string what) =>
        new($"Could not find '{what}' in the output of sox:\n{output}");

    [GeneratedRegex(@"^Sample Rate\s*:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex SampleRateLine();

    [GeneratedRegex(@"^Channels\s*:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex ChannelsLine();

    [GeneratedRegex(@"^Precision\s*:\s*(\d+)-bit", RegexOptions.Multiline)]
    private static partial Regex PrecisionLine();

    [GeneratedRegex(@"^Duration\s*:.*=\s*(\d+) samples", RegexOptions.Multiline)]
    private static partial Regex DurationLine();

    [GeneratedRegex(@"^Sample Encoding\s*:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex EncodingLine();

    [GeneratedRegex(@"^Samples read:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex SamplesReadLine();

    [GeneratedRegex(@"^RMS\s+amplitude:\s*(-?[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RmsLine();

    [GeneratedRegex(@"^Maximum amplitude:\s*(-?[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex MaximumLine();

    [GeneratedRegex(@"^Minimum amplitude:\s*(-?[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex MinimumLine();
}
