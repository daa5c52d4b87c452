using System.Diagnostics;

namespace SoundBoxSim.MqttLoad;

/// <summary>The part of a run that counts: from the end of the warm-up to the end of publishing, in Stopwatch ticks.</summary>
internal sealed record MeasureWindow(long Start, long End)
{
    public static MeasureWindow From(long runStart, TimeSpan warmup, TimeSpan duration) =>
        new(runStart + Ticks(warmup), runStart + Ticks(duration));

    public double Seconds => (End - Start) / (double)Stopwatch.Frequency;

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
