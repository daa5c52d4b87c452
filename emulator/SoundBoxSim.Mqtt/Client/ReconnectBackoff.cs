namespace SoundBoxSim.Mqtt.Client;

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits between half and all of min × 2ⁿ, capped at max,
/// so a fleet that lost its broker at the same moment does not reconnect in lock-step.
/// </summary>
public static class ReconnectBackoff
{
    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0 = the first).</summary>
    /// <param name="attempt">How many attempts failed before this one.</param>
    /// <param name="min">The base delay.</param>
    /// <param name="max">The cap.</param>
    /// <param name="jitter">A number in [0, 1); 0 gives half the capped delay, values near 1 almost all of it.</param>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        // Past 2^30 the doubling only overflows; the cap has long been reached.
        var exponential = min.Ticks * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(exponential, max.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (Math.Clamp(jitter, 0, 1) / 2))));
    }
}
