namespace SoundBoxSim.SePay.UserApi;

/// <summary>
/// SePay's legacy transactions API (<c>/userapi/...</c>, v1): who may call it and how often. Every default gives a working
/// API: <see cref="DefaultToken"/> is accepted, at most 2 requests per second per token, on the system clock.
/// </summary>
public sealed record UserApiOptions
{
    /// <summary>
    /// The API token accepted when none is configured: <c>sbsimUSERAPI</c> padded with zeros to 64 characters,
    /// <c>sbsimUSERAPI0000000000000000000000000000000000000000000000000000</c>. Fixed (not random) so scripts and
    /// <c>sbsim up</c>'s summary can name it; 64 letters and digits like SePay's own API tokens.
    /// </summary>
    public const string DefaultToken = "sbsimUSERAPI0000000000000000000000000000000000000000000000000000";

    /// <summary>The default of <see cref="RequestsPerSecond"/>: 2, the contract's §8.2 (SePay's older intro pages).</summary>
    public const int DefaultRequestsPerSecond = 2;

    /// <summary>
    /// The tokens accepted in <c>Authorization: Bearer {token}</c> (default: only <see cref="DefaultToken"/>). At least one;
    /// each 1 to 512 visible ASCII characters without spaces, as it travels in a header. Compared exactly (case-sensitive).
    /// </summary>
    public IReadOnlyList<string> ApiTokens { get; init; } = [DefaultToken];

    /// <summary>
    /// The most requests one token may make in any one-second span of <see cref="TimeProvider"/> (a sliding window;
    /// default <see cref="DefaultRequestsPerSecond"/> = 2). SePay's pages disagree (2/s on the older intro pages, 3/s on a
    /// newer v1 page; contract §7 item 4), so set 3 to follow the newer one. 0 turns the limit off.
    /// </summary>
    public int RequestsPerSecond { get; init; } = DefaultRequestsPerSecond;

    /// <summary>The clock of the rate limit (default the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>What is wrong with these options, naming the property; null when they can be used.</summary>
    public string? Problem()
    {
        if (ApiTokens is null || ApiTokens.Count == 0)
        {
            return "UserApiOptions.ApiTokens must hold at least one token; without one every request would get SePay's empty answer";
        }

        for (var i = 0; i < ApiTokens.Count; i++)
        {
            var token = ApiTokens[i];
            if (string.IsNullOrEmpty(token) || token.Length > 512 || token.Any(c => c is < '!' or > '~'))
            {
                return $"UserApiOptions.ApiTokens[{i}] must be 1 to 512 visible ASCII characters without spaces (it is sent in the Authorization header); got {(token is null ? "null" : $"'{token}'")}";
            }
        }

        if (RequestsPerSecond < 0)
        {
            return $"UserApiOptions.RequestsPerSecond must be 0 (no limit) or more; got {RequestsPerSecond}";
        }

        return TimeProvider is null ? "UserApiOptions.TimeProvider must not be null" : null;
    }
}
