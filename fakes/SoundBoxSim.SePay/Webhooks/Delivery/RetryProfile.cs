namespace SoundBoxSim.SePay.Webhooks.Delivery;

/// <summary>
/// A retry schedule and the timeouts of each attempt (contract 3.4 and 8.2). A new profile's defaults are
/// <see cref="Seed"/>'s values; change them with <c>with</c>, e.g. <c>RetryProfile.Seed with { ResponseTimeout = ... }</c>.
/// </summary>
/// <remarks>
/// Retries are anchored on the first attempt, not on the previous one: retry <c>n</c> is due at the first attempt plus
/// the sum of the first <c>n</c> intervals, however long the attempts took, so the schedule never drifts. The first
/// attempt is the first failure (delivery starts with it), so the window also runs from it.
/// </remarks>
public sealed record RetryProfile
{
    /// <summary>
    /// The default, from seed 002: Fibonacci intervals 5, 8, 13, 21, 34, 55, 89 minutes (retries 5, 13, 26, 47, 81,
    /// 136 and 225 minutes after the first attempt: at most 7 retries, all within the 5-hour window), connect timeout
    /// 5 s, response timeout 8 s.
    /// </summary>
    public static RetryProfile Seed { get; } = new();

    /// <summary>
    /// SePay's developer docs: 1, 1, 2, 3, 5, 8, 13 minutes (8 attempts over 33 minutes), connect timeout 15 s, total
    /// timeout 30 s, the 5-hour safety window.
    /// </summary>
    public static RetryProfile Docs { get; } = new()
    {
        Name = "docs",
        Intervals = [.. new[] { 1, 1, 2, 3, 5, 8, 13 }.Select(m => TimeSpan.FromMinutes(m))],
        ConnectTimeout = TimeSpan.FromSeconds(15),
        ResponseTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The profile's name, e.g. for a command-line option (default <c>seed</c>).</summary>
    public string Name { get; init; } = "seed";

    /// <summary>The wait before each retry, counted as described in the remarks; its length is the most retries (default 5, 8, 13, 21, 34, 55, 89 minutes).</summary>
    public IReadOnlyList<TimeSpan> Intervals { get; init; } = [.. new[] { 5, 8, 13, 21, 34, 55, 89 }.Select(m => TimeSpan.FromMinutes(m))];

    /// <summary>The longest wait for the TCP connection (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest an attempt may take from its start to the end of the response, the connection included, like
    /// cURL's <c>--max-time</c> (default 8 s). SePay's pair of timeouts reads like cURL's connect and total timeouts,
    /// and its log keeps cURL error codes.
    /// </summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>No retry is due later than this after the first attempt (default 5 hours).</summary>
    public TimeSpan MaxWindow { get; init; } = TimeSpan.FromHours(5);

    /// <summary>The most retries (the number of intervals).</summary>
    public int MaxRetries => Intervals.Count;

    /// <summary>The built-in profiles: <see cref="Seed"/> and <see cref="Docs"/>.</summary>
    public static IReadOnlyList<RetryProfile> BuiltIn { get; } = [Seed, Docs];

    /// <summary>The built-in profile called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static RetryProfile? Find(string? name) =>
        BuiltIn.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>When the next attempt is due, or null when the profile gives up.</summary>
    /// <param name="firstAttempt">When the first attempt was made.</param>
    /// <param name="attemptsMade">Attempts made so far, the first included; 0 gives <paramref name="firstAttempt"/> itself.</param>
    /// <returns>Null when every retry is used or the next one would fall after <paramref name="firstAttempt"/> + <see cref="MaxWindow"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attemptsMade"/> is negative.</exception>
    public DateTimeOffset? NextAttempt(DateTimeOffset firstAttempt, int attemptsMade)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attemptsMade);
        if (attemptsMade == 0)
        {
            return firstAttempt;
        }

        if (attemptsMade > Intervals.Count)
        {
            return null;
        }

        var offset = TimeSpan.Zero;
        for (var i = 0; i < attemptsMade; i++)
        {
            offset += Intervals[i];
        }

        return offset > MaxWindow ? null : firstAttempt + offset;
    }

    /// <summary>Checks the values; the message names the property.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("RetryProfile.Name must not be empty.", nameof(Name));
        }

        if (Intervals is null || Intervals.Any(i => i < TimeSpan.Zero))
        {
            throw new ArgumentException("RetryProfile.Intervals must be a list of zero or positive waits.", nameof(Intervals));
        }

        if (ConnectTimeout <= TimeSpan.Zero || ResponseTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("RetryProfile.ConnectTimeout and ResponseTimeout must be positive.", nameof(ConnectTimeout));
        }

        if (MaxWindow < TimeSpan.Zero)
        {
            throw new ArgumentException("RetryProfile.MaxWindow must not be negative.", nameof(MaxWindow));
        }
    }
}

/// <summary>How one attempt ended, for the scheduler.</summary>
public enum AttemptVerdict
{
    /// <summary>Delivered.</summary>
    Succeeded,

    /// <summary>Failed; the retry rule allows another attempt (the profile may still have given up).</summary>
    FailedRetryable,

    /// <summary>Failed; no retry will help (see <see cref="RetryRule"/>).</summary>
    FailedFinal,
}

/// <summary>
/// Which failures are retried (contract 3.4 and 8.2; seed 002): network failures and timeouts always; a non-2xx answer
/// only with <c>retry_conditions.non_2xx_status_code</c> = 1; a 2xx answer that fails the success rule never.
/// </summary>
/// <remarks>
/// The last point is a decision: SePay "will NOT retry a webhook if the network connection succeeds but the webhook
/// status is failed, unless retry conditions you configured are met", and the only retry condition it offers is a
/// status outside 200-299, which a 2xx is not. Every failure that left no HTTP status counts as a network failure:
/// refused or timed-out connections, resets, response timeouts, malformed responses, and a failed OAuth2 token request
/// (the receiver could not be reached for a token). Redirects are not followed, so a 3xx is a non-2xx answer.
/// </remarks>
public static class RetryRule
{
    /// <summary>The verdict of an attempt.</summary>
    /// <param name="errorKind">How it failed below HTTP, or <see cref="AttemptErrorKind.None"/> (also for a redirect's <see cref="AttemptErrorKind.Redirect"/>, which has a status).</param>
    /// <param name="statusCode">The HTTP status received, or null.</param>
    /// <param name="success">The success rule's verdict on the answer, or null when there was none.</param>
    /// <param name="retryOnNon2xx">The webhook's <c>retry_conditions.non_2xx_status_code</c> = 1.</param>
    public static AttemptVerdict Classify(AttemptErrorKind errorKind, int? statusCode, SuccessVerdict? success, bool retryOnNon2xx)
    {
        if (errorKind is not (AttemptErrorKind.None or AttemptErrorKind.Redirect) || statusCode is null)
        {
            return AttemptVerdict.FailedRetryable;
        }

        if (errorKind == AttemptErrorKind.None && success is { Succeeded: true })
        {
            return AttemptVerdict.Succeeded;
        }

        if (statusCode is < 200 or > 299)
        {
            return retryOnNon2xx ? AttemptVerdict.FailedRetryable : AttemptVerdict.FailedFinal;
        }

        return AttemptVerdict.FailedFinal;
    }
}
