using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>
/// Access tokens: JWT-shaped (SePay's look like one), HMAC-signed with a key made at start, valid for the token
/// lifetime on the fake's clock, and remembered, so a token from before a reset or another run is refused.
/// </summary>
internal sealed class TokenStore(TimeProvider time, TimeSpan lifetime)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string ClientId, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    public string Issue(string clientId)
    {
        var now = time.GetUtcNow();
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url(Encoding.UTF8.GetBytes(
            $$"""{"sub":"{{clientId}}","iat":{{now.ToUnixTimeSeconds()}},"exp":{{(now + lifetime).ToUnixTimeSeconds()}},"jti":"{{Guid.NewGuid():N}}"}"""));
        var signature = Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        var token = $"{header}.{payload}.{signature}";
        _tokens[token] = (clientId, now + lifetime);
        return token;
    }

    /// <summary>The partner a token belongs to, or why it is refused.</summary>
    public string Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || !_tokens.TryGetValue(token, out var issued))
        {
            throw Unauthorized("missing or unknown bearer token; get one from POST /devices/v1/token/create");
        }

        if (time.GetUtcNow() >= issued.Expires)
        {
            _tokens.TryRemove(token, out _);
            throw Unauthorized($"the bearer token expired at {issued.Expires:O}; get a new one from POST /devices/v1/token/create");
        }

        return issued.ClientId;
    }

    public void Clear() => _tokens.Clear();

    public static SpeakerApiException Unauthorized(string detail) => new(401, "Unauthorized", detail);

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
