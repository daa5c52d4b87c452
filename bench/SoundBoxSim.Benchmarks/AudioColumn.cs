using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SoundBoxSim.Benchmarks;

/// <summary>
/// Audio length of what a speech benchmark produced, and its real-time factor (mean synthesis time / audio length).
/// Benchmarks run in a child process, so the host synthesizes the same utterance once more to learn its length.
/// </summary>
public sealed class AudioColumn : IColumn
{
    private static readonly ConcurrentDictionary<(Type, long), TimeSpan> Durations = new();
    private readonly bool _ratio;

    private AudioColumn(bool ratio) => _ratio = ratio;

    public static IColumn Length { get; } = new AudioColumn(ratio: false);

    public static IColumn RealTimeFactor { get; } = new AudioColumn(ratio: true);

    public string Id => ColumnName;

    public string ColumnName => _ratio ? "RTF" : "Audio";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _ratio ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _ratio ? "Real-time factor: mean synthesis time / audio length" : "Length of the audio produced, in seconds";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Duration(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Duration(benchmarkCase) is not { } audio)
        {
            return "-";
        }

        if (!_ratio)
        {
            return audio.TotalSeconds.ToString("0.000 s", CultureInfo.InvariantCulture);
        }

        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return meanNanoseconds is { } mean
            ? (mean / (audio.TotalMilliseconds * 1_000_000)).ToString("0.00000", CultureInfo.InvariantCulture)
            : "NA";
    }

    private static TimeSpan? Duration(BenchmarkCase benchmarkCase)
    {
        var type = benchmarkCase.Descriptor.Type;
        if (benchmarkCase.Parameters["Amount"] is not long amount)
        {
            return null;
        }

        return type == typeof(EspeakBenchmarks) ? Durations.GetOrAdd((type, amount), key => EspeakBenchmarks.AudioDuration(key.Item2))
            : type == typeof(ClipAnnouncementBenchmarks) ? Durations.GetOrAdd((type, amount), key => ClipAnnouncementBenchmarks.AudioDuration(key.Item2))
            : null;
    }
}
