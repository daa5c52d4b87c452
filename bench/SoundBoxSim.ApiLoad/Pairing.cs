using System.Text.Json;

namespace SoundBoxSim.ApiLoad;

/// <summary>
/// Pairs devices as a partner does: pair/check, pair/request, the 4-digit OTP the device spoke (read from the control
/// API's announcements), pair/verify. A device already paired to this partner (a second run against the same
/// simulator) is left as it is.
/// </summary>
internal static class Pairing
{
    private const int Concurrency = 10;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan OtpTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Pairs every serial; returns how many needed pairing (the rest already were).</summary>
    public static async Task<int> PairAllAsync(SpeakerApiClient api, IReadOnlyList<string> serials, CancellationToken cancellationToken)
    {
        var paired = 0;
        await Parallel.ForEachAsync(serials, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (serial, token) =>
        {
            if (await PairAsync(api, serial, token))
            {
                Interlocked.Increment(ref paired);
            }
        });
        return paired;
    }

    private static async Task<bool> PairAsync(SpeakerApiClient api, string serial, CancellationToken cancellationToken)
    {
        var since = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var (status, check) = await api.PostAsync("speaker/pair/check", new { hardwareId = serial }, cancellationToken);
            Require(status == 200, $"pair/check {serial}", status, check);
            var data = check.GetProperty("data");
            if (data.GetProperty("isPaired").GetBoolean())
            {
                return false;
            }

            if (data.GetProperty("online").GetBoolean())
            {
                break;
            }

            if (TimeProvider.System.GetElapsedTime(since) > OtpTimeout)
            {
                throw new InvalidOperationException($"{serial} is not online after {OtpTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(Poll, TimeProvider.System, cancellationToken);
        }

        var before = LastSequence(await api.ControlGetAsync($"devices/{serial}/announcements", cancellationToken));
        var (requested, request) = await api.PostAsync("speaker/pair/request", new { hardwareId = serial }, cancellationToken);
        Require(requested == 200, $"pair/request {serial}", requested, request);
        var session = request.GetProperty("data").GetProperty("session_id").GetString();

        var otp = await SpokenOtpAsync(api, serial, before, cancellationToken);
        var (verified, verify) = await api.PostAsync("speaker/pair/verify", new { hardwareId = serial, session_id = session, otp }, cancellationToken);
        Require(verified == 200 && verify.GetProperty("data").GetProperty("isPaired").GetBoolean(), $"pair/verify {serial}", verified, verify);
        return true;
    }

    /// <summary>The OTP of the first "otp" announcement after <paramref name="after"/> once the device has started saying it.</summary>
    private static async Task<string> SpokenOtpAsync(SpeakerApiClient api, string serial, long after, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < OtpTimeout)
        {
            var announcements = await api.ControlGetAsync($"devices/{serial}/announcements", cancellationToken);
            var otp = announcements.EnumerateArray()
                .Where(a => a.GetProperty("sequence").GetInt64() > after && a.GetProperty("kind").GetString() == "otp"
                    && a.TryGetProperty("startedAt", out var at) && at.ValueKind != JsonValueKind.Null)
                .Select(a => a.GetProperty("otp").GetString())
                .LastOrDefault();
            if (otp is not null)
            {
                return otp;
            }

            await Task.Delay(Poll, TimeProvider.System, cancellationToken);
        }

        throw new InvalidOperationException($"{serial} did not speak an OTP within {OtpTimeout.TotalSeconds:0} s of pair/request");
    }

    private static long LastSequence(JsonElement announcements) =>
        announcements.EnumerateArray().Select(a => a.GetProperty("sequence").GetInt64()).DefaultIfEmpty(0).Max();

    private static void Require(bool ok, string what, int status, JsonElement body)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"{what} answered {status}: {body}");
        }
    }
}
