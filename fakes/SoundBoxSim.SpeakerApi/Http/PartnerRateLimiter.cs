using System.Collections.Concurrent;
using SoundBoxSim.SpeakerApi.Cloud;

namespace SoundBoxSim.SpeakerApi.Http;

/// <summary>At most N requests per partner per clock second (off at 0); the excess gets 429 with Retry-After.</summary>
internal sealed class PartnerRateLimiter(int perSecond, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public void Check(string partner)
    {
        if (perSecond == 0)
        {
            return;
        }

        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var window = _windows.AddOrUpdate(partner, _ => new Window(second, 1), (_, w) => w.Second == second ? w with { Count = w.Count + 1 } : new Window(second, 1));
        if (window.Count > perSecond)
        {
            throw new SpeakerApiException(429, "Quá nhiều yêu cầu", $"more than {perSecond} requests in one second; wait and retry") { RetryAfterSeconds = 1 };
        }
    }

    private sealed record Window(long Second, int Count);
}
