namespace SoundBoxSim.SpeakerApi;

/// <summary>A partner of SePay's Speaker API: the client id and secret SePay issues, used with HTTP Basic on token/create.</summary>
/// <param name="ClientId">The client id (also the partner's name in pairings).</param>
/// <param name="ClientSecret">The client secret.</param>
public sealed record PartnerCredentials(string ClientId, string ClientSecret);

/// <summary>
/// How the fake Speaker API behaves. Where SePay's behaviour is unknown, each default is the decision recorded in the
/// contract (section 8.1) and can be switched here without a code change.
/// </summary>
public sealed record SpeakerApiOptions
{
    /// <summary>The partners allowed in (default: one, <c>sbsim-partner</c> / <c>sbsim-secret</c>).</summary>
    public IReadOnlyList<PartnerCredentials> Partners { get; init; } = [new("sbsim-partner", "sbsim-secret")];

    /// <summary>Access token lifetime (SePay: <c>ttl</c> 6000 s).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(6000);

    /// <summary>How long a pairing <c>session_id</c> stays valid (SePay: about 2 minutes).</summary>
    public TimeSpan PairingSessionLifetime { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Wrong OTPs that end a pairing session (default 5).</summary>
    public int MaxOtpAttempts { get; init; } = 5;

    /// <summary>
    /// When true, pair/request answers 409 unless the device is in pairing mode (its button held). Default false: the
    /// device enters pairing mode on the request (contract 8.1).
    /// </summary>
    public bool StrictPairingMode { get; init; }

    /// <summary>Times a notification the device has not acknowledged is pushed again (default 5).</summary>
    public int NotifyRetries { get; init; } = 5;

    /// <summary>Time between pushes of an unacknowledged notification (default 2 min, so FAILED after 10 minutes).</summary>
    public TimeSpan NotifyRetryInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests per second per partner before 429 (default 0: no limit, as SePay documents none).</summary>
    public int RateLimitPerSecond { get; init; }

    /// <summary>The largest request body accepted (default 64 KiB); bigger ones get 413.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>The offset of the times SePay writes without a zone (pairedTime, createdAt): Vietnam, UTC+7.</summary>
    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(7);

    /// <summary>A JSON file that keeps pairings across restarts (default: none, pairings live in memory).</summary>
    public string? PairingsFile { get; init; }

    /// <summary>The clock for tokens, sessions and retries.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the values; the message names the property and what is allowed.</summary>
    public void Validate()
    {
        if (Partners.Count == 0 || Partners.Any(p => string.IsNullOrWhiteSpace(p.ClientId) || string.IsNullOrEmpty(p.ClientSecret) || p.ClientId.Contains(':', StringComparison.Ordinal)))
        {
            throw new ArgumentException("SpeakerApiOptions.Partners needs at least one partner, each with a client id (no ':') and a secret.", nameof(Partners));
        }

        if (Partners.Select(p => p.ClientId).Distinct(StringComparer.Ordinal).Count() != Partners.Count)
        {
            throw new ArgumentException("SpeakerApiOptions.Partners has the same client id twice.", nameof(Partners));
        }

        if (TokenLifetime <= TimeSpan.Zero || PairingSessionLifetime <= TimeSpan.Zero || NotifyRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("SpeakerApiOptions lifetimes and intervals must be positive.", nameof(TokenLifetime));
        }

        if (MaxOtpAttempts is < 1 or > 100 || NotifyRetries is < 0 or > 1000 || RateLimitPerSecond < 0 || MaxBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new ArgumentException("SpeakerApiOptions: MaxOtpAttempts 1-100, NotifyRetries 0-1000, RateLimitPerSecond >= 0, MaxBodyBytes 1 KiB-16 MiB.", nameof(MaxOtpAttempts));
        }
    }
}
