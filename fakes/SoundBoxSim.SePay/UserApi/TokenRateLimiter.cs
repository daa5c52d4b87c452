using System.Collections.Concurrent;

namespace SoundBoxSim.SePay.UserApi;

/// <summary>
/// At most N requests per token in any one-second span of the clock: a sliding window (a log of the last N admitted
/// requests' times), so a burst straddling a clock second is limited too. A request at <c>t</c> holds its slot until
/// <c>t + 1 s</c> exactly. Refused requests take no slot. Off when N is 0. Thread-safe.
/// </summary>
internal sealed class TokenRateLimiter(int perSecond, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _admitted = new(StringComparer.Ordinal);

    public int PerSecond => perSecond;

    /// <summary>Takes a slot for <paramref name="token"/>; false with the whole seconds until one frees (rounded up, at least 1).</summary>
    public bool TryAcquire(string token, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (perSecond == 0)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var log = _admitted.GetOrAdd(token, _ => new Queue<DateTimeOffset>(perSecond));
        lock (log)
        {
            while (log.Count > 0 && log.Peek() + Window <= now)
            {
                log.Dequeue();
            }

            if (log.Count < perSecond)
            {
                log.Enqueue(now);
                return true;
            }

            var wait = log.Peek() + Window - now;
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            return false;
        }
    }
}
