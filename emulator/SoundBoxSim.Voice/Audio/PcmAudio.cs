namespace SoundBoxSim.Voice.Audio;

/// <summary>16-bit signed mono PCM samples at a known sample rate.</summary>
public sealed class PcmAudio
{
    /// <summary>Creates audio from <paramref name="samples"/> at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is not between 1,000 and 384,000 Hz.</exception>
    public PcmAudio(int sampleRate, ReadOnlyMemory<short> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 384_000);
        SampleRate = sampleRate;
        Samples = samples;
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>The samples, one channel.</summary>
    public ReadOnlyMemory<short> Samples { get; }

    /// <summary>How long the audio plays.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>The largest absolute sample value; 0 means silence.</summary>
    public int Peak()
    {
        var peak = 0;
        foreach (var sample in Samples.Span)
        {
            peak = Math.Max(peak, Math.Abs((int)sample));
        }

        return peak;
    }
}
