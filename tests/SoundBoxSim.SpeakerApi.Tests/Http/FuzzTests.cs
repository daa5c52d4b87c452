using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SoundBoxSim.SpeakerApi.Tests.Support;
using static SoundBoxSim.SpeakerApi.Tests.Support.Endpoints;

namespace SoundBoxSim.SpeakerApi.Tests.Http;

/// <summary>
/// A storm of malformed and hostile requests on all six endpoints, from a fixed seed (override with SBSIM_FUZZ_SEED to
/// replay or explore), sent by parallel workers over real HTTP to the fake with real devices behind it. Every answer
/// must be below 500 and, when it is a 4xx, the contract's error envelope (8.1); where the outcome is certain
/// (a wrong method, a bad token, a wrong content type, a body over the limit...) the status must be the contract's.
/// Afterwards the server must be healthy: a whole valid flow works and it logged no error.
/// </summary>
public sealed class FuzzTests
{
    private const int DefaultSeed = 20260523;
    private const int RequestCount = 12_000;

    [Fact(Timeout = 180_000)]
    public async Task HostileRequestStorm_NeverA5xx_AlwaysTheEnvelope_AndTheServerStaysHealthy()
    {
        var seed = Seed();
        await using var rig = await SpeakerApiRig.StartAsync(devices: 2);

        // A token that has expired (issued, then the fake's clock moved past its ttl), then live ones for both partners.
        var expired = await rig.Partner().TokenAsync();
        rig.Time.Advance(rig.Cloud.Options.TokenLifetime + TimeSpan.FromSeconds(1));
        var a = await rig.PartnerWithTokenAsync();
        var b = await rig.PartnerWithTokenAsync(SpeakerApiRig.PartnerB);
        // Serial1 paired to A: notify and check_notify get past "not paired", and B's requests meet 403.
        await rig.PairAsync(a, SpeakerApiRig.Serial1);
        Assert.Empty(rig.ServerErrors);

        var tokens = new FuzzTokens(a.Token!, b.Token!, expired);
        var clock = Stopwatch.StartNew();
        var storm = await Storm.RunAsync(rig.BaseAddress, seed, RequestCount, tokens, rig.Cloud.Options.MaxBodyBytes, TestContext.Current.CancellationToken);
        clock.Stop();
        var summary = $"seed {seed} (replay: SBSIM_FUZZ_SEED={seed}): {storm.Answered} of {RequestCount} answered in {clock.Elapsed.TotalSeconds:0.0} s; statuses {storm.StatusSummary}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        Assert.True(storm.Failures.IsEmpty,
            $"{storm.Failures.Count} bad answers, {summary}; first ones:\n{string.Join("\n", storm.Failures.OrderBy(f => f.Index).Take(15).Select(f => f.Text))}");
        Assert.True(storm.Answered == RequestCount, summary);
        Assert.True(rig.ServerErrors.IsEmpty, $"the server logged errors during the storm ({summary}):\n{string.Join("\n", rig.ServerErrors.Take(5))}");

        // The storm really went everywhere: every endpoint, every kind of hostility, and deep enough to meet every rule.
        foreach (var endpoint in All)
        {
            Assert.True(storm.Count($"endpoint:{endpoint}") >= RequestCount / All.Length, $"{endpoint}: {storm.Count($"endpoint:{endpoint}")} requests; {summary}");
        }

        foreach (var kind in HostileRequest.Kinds)
        {
            Assert.True(storm.Count(kind) > 0, $"no request of kind {kind}; {summary}");
        }

        foreach (var status in new[] { 200, 201, 400, 401, 403, 404, 405, 409, 413, 415 })
        {
            Assert.True(storm.Count($"status:{status}") > 0, $"no answer was {status}: the storm did not reach that rule; {summary}");
        }

        await AssertHealthyAsync(rig, seed);
    }

    [Fact]
    public void TheJudge_RefusesEveryAnswerTheStormMustNotGet()
    {
        // The storm's oracle can fail: each of these answers breaks one rule.
        var anyPost = HostileRequest.Create(DefaultSeed, 0, new FuzzTokens("a", "b", "c"), 64 * 1024) with { Method = HttpMethod.Post, Expected = null };
        var envelope = """{"code":400,"message":"Trường hardwareId không hợp lệ","data":null}""";

        Assert.Null(Storm.Judge(anyPost, Answer(400, envelope)));
        Assert.NotNull(Storm.Judge(anyPost, Answer(500, """{"code":500,"message":"Lỗi","data":null}""")));
        Assert.NotNull(Storm.Judge(anyPost, Answer(503, "")));
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, "")));                                                        // bare error
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, "Bad Request", "text/plain")));                               // not JSON
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, """{"code":"400","message":"Lỗi","data":null}""")));          // code a string
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, """{"code":404,"message":"Lỗi","data":null}""")));            // code not the status
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, """{"code":400,"message":7,"data":null}""")));                // message not a string
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, """{"code":400,"message":"Lỗi","data":{}}""")));              // data not null
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, """{"code":400,"message":"Lỗi"}""")));                        // no data
        Assert.NotNull(Storm.Judge(anyPost, Answer(400, """[{"code":400,"message":"Lỗi","data":null}]""")));          // not an object
        Assert.NotNull(Storm.Judge(anyPost with { Expected = 401 }, Answer(400, envelope)));                        // not the certain status
        Assert.NotNull(Storm.Judge(anyPost with { Method = HttpMethod.Head, Expected = 405 }, Answer(405, envelope))); // HEAD with a body
    }

    private static ApiResponse Answer(int status, string text, string mediaType = "application/json") => new(status, text, mediaType, null, "");

    private static int Seed()
    {
        var text = Environment.GetEnvironmentVariable("SBSIM_FUZZ_SEED");
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultSeed;
        }

        Assert.True(int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed), $"SBSIM_FUZZ_SEED must be an integer, not '{text}'");
        return seed;
    }

    /// <summary>After the storm: token/create, pair/check, a whole pairing, a notify the device announces and check_notify, all as documented.</summary>
    private static async Task AssertHealthyAsync(SpeakerApiRig rig, int seed)
    {
        var partner = await rig.PartnerWithTokenAsync(); // 201 in the envelope, checked by TokenAsync

        var check = Envelope.AssertOk(await partner.PostAsync(Check, new { hardwareId = SpeakerApiRig.Serial1 }));
        Assert.Equal(SpeakerApiRig.Serial1, check.GetProperty("hardwareId").GetString());
        Assert.Equal(rig.Device(SpeakerApiRig.Serial1).Model, check.GetProperty("model").GetString());
        Assert.True(check.GetProperty("isPaired").GetBoolean());
        Assert.True(check.GetProperty("online").GetBoolean());

        await rig.PairAsync(partner, SpeakerApiRig.Serial2); // pair/request, the spoken OTP, pair/verify

        var requestId = $"FUZZ{seed}HEALTH";
        var sent = Envelope.AssertOk(await partner.NotifyAsync(SpeakerApiRig.Serial2, 150000, requestId));
        Assert.Equal("SENT", sent.GetProperty("status").GetString());
        Assert.Equal(requestId, sent.GetProperty("requestId").GetString());
        await rig.AdvanceUntilAsync(
            () => rig.Cloud.CheckNotify(SpeakerApiRig.PartnerA, requestId).Status != SoundBoxSim.SpeakerApi.Cloud.NotificationStatus.Pending,
            $"the health notification {requestId} settled");

        var status = Envelope.AssertOk(await partner.CheckNotifyAsync(requestId));
        Assert.Equal("SUCCESS", status.GetProperty("status").GetString());
        Assert.Equal(SpeakerApiRig.Serial2, status.GetProperty("hardwareId").GetString());
        Assert.Equal("150000", status.GetProperty("amount").GetString());          // a string, as documented
        Assert.Equal(JsonValueKind.String, status.GetProperty("retriesCount").ValueKind);
        Assert.True(rig.ServerErrors.IsEmpty, $"the server logged: {string.Join("\n", rig.ServerErrors.Take(5))}");
    }
}

/// <summary>The tokens the storm uses: live ones for partners A and B, and one of A's that has expired.</summary>
internal sealed record FuzzTokens(string A, string B, string Expired);

/// <summary>Parallel workers sending <see cref="HostileRequest"/>s and judging every answer.</summary>
internal sealed class Storm
{
    private const int Workers = 12;

    /// <summary>An answer slower than this is reported as a hang.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _answered;

    public ConcurrentBag<(int Index, string Text)> Failures { get; } = [];

    public int Answered => _answered;

    public string StatusSummary => string.Join(", ", _counts.Where(c => c.Key.StartsWith("status:", StringComparison.Ordinal))
        .OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key[7..]}x{c.Value}"));

    public int Count(string key) => _counts.GetValueOrDefault(key);

    public static async Task<Storm> RunAsync(Uri baseAddress, int seed, int count, FuzzTokens tokens, int maxBody, CancellationToken cancellation)
    {
        var storm = new Storm();
        // Header values go out as UTF-8, so garbled ones can carry any letter. (Bytes that are not UTF-8 at all, and control
        // characters, Kestrel refuses itself with a bare 400 before the application runs; the storm leaves those out.)
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Workers, AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var http = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            Timeout = AnswerTimeout,
        };
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            for (var index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
            {
                var fuzz = HostileRequest.Create(seed, index, tokens, maxBody);
                var failure = await storm.SendAsync(http, fuzz, cancellation);
                if (failure is not null)
                {
                    storm.Failures.Add((index, $"#{index} {fuzz}: {failure}"));
                }
            }
        }, cancellation)));
        return storm;
    }

    /// <summary>Why <paramref name="response"/> is not an answer <paramref name="fuzz"/> may get, or null when it may.</summary>
    public static string? Judge(HostileRequest fuzz, ApiResponse response)
    {
        if (response.Status >= 500)
        {
            return $"a server error: {Preview(response)}";
        }

        if (fuzz.Expected is { } expected && response.Status != expected)
        {
            return $"expected HTTP {expected}, got {Preview(response)}";
        }

        if (fuzz.Method == HttpMethod.Head)
        {
            return response.Text.Length == 0 ? null : $"HEAD answered with a body: {Preview(response)}";
        }

        try
        {
            if (response.Status >= 400)
            {
                Envelope.AssertError(response, response.Status); // code = status, message (Vietnamese / "Unauthorized"), data null
            }
            else
            {
                Envelope.AssertShape(response);
            }

            return null;
        }
        catch (Exception ex) when (ex is Xunit.Sdk.IAssertionException or JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            return $"not the envelope: {ex.Message.Split('\n')[0]} ({Preview(response)})";
        }
    }

    private static string Preview(ApiResponse response) =>
        $"HTTP {response.Status} [{response.MediaType}] {(response.Text.Length > 300 ? response.Text[..300] + "..." : response.Text)}";

    private async Task<string?> SendAsync(HttpClient http, HostileRequest fuzz, CancellationToken cancellation)
    {
        Tally($"endpoint:{fuzz.Endpoint}");
        foreach (var kind in fuzz.Labels)
        {
            Tally(kind);
        }

        ApiResponse answer;
        try
        {
            using var request = fuzz.ToHttpRequest();
            using var response = await http.SendAsync(request, cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            answer = new ApiResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, null, string.Join(", ", response.Content.Headers.Allow));
        }
        catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return $"no answer within {AnswerTimeout.TotalSeconds:0} s (a hang?)";
        }
        catch (HttpRequestException ex)
        {
            return $"the exchange failed: {ex.Message} {ex.InnerException?.Message}";
        }

        Interlocked.Increment(ref _answered);
        Tally($"status:{answer.Status}");
        return Judge(fuzz, answer);
    }

    private void Tally(string key) => _counts.AddOrUpdate(key, 1, (_, n) => n + 1);
}

/// <summary>
/// One hostile request, made only from (seed, index): the same pair always gives the same request, whichever worker
/// sends it and whenever. <see cref="Expected"/> is the status when the contract leaves no doubt (null otherwise).
/// </summary>
internal sealed record HostileRequest(
    int Index, string Endpoint, HttpMethod Method, string Path, string? Authorization, string? ContentType, byte[]? Body, bool Chunked,
    bool ExpectContinue, IReadOnlyList<(string Name, string Value)> ExtraHeaders, IReadOnlyList<string> Labels, int? Expected)
{
    /// <summary>Every kind of hostility the generator has; the storm proves each was sent.</summary>
    public static readonly string[] Kinds =
    [
        "body:valid", "body:byte-flip", "body:byte-replace", "body:truncate", "body:duplicate-key", "body:deep-nesting", "body:huge-string",
        "body:huge-number", "body:wrong-type", "body:null-field", "body:missing-field", "body:not-an-object", "body:invalid-utf8",
        "body:lone-surrogate", "body:bom", "body:control-chars", "body:random-bytes", "body:not-json", "body:empty", "body:none",
        "body:whitespace", "body:extra-fields", "body:many-keys", "body:odd-unicode", "body:oversized",
        "ct:json", "ct:json-variant", "ct:wrong", "ct:missing", "ct:garbage",
        "method:wrong", "method:head",
        "auth:valid-a", "auth:valid-b", "auth:expired", "auth:garbled-bearer", "auth:missing", "auth:basic-on-bearer", "auth:altered-token",
        "auth:valid-basic", "auth:bad-basic", "auth:garbled-basic", "auth:bearer-on-token",
        "query", "path-variant", "chunked", "expect-continue", "extra-headers",
    ];

    private static readonly string[] WrongMethods = ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "PROPFIND", "M-SEARCH", "PURGE"];

    private static readonly string[] JsonVariants =
        ["application/json; charset=utf-8", "application/json;charset=UTF-8", "Application/JSON", "application/json ; charset=utf-16", "application/json; x=\"y;z\"", "application/json;"];

    private static readonly string[] WrongTypes =
    [
        "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/xml", "application/octet-stream",
        "application/jsonp", "json", "*/*", "application/*", "application/json+x", "application/problem+json", "applicationjson", "application/ json", "",
        ";application/json", "application/json2", "application/vnd.api+json",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
        [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3], [0xE1, 0x80, 0x41],
    ];

    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d", "\\ud800\\u0041", "VNS\\ud800", "\\uDBFF\\uDBFF"];

    private static readonly string[] OddUnicode =
        ["VNS52508000001\u200b", "ＶＮＳ５２５０８０００００１", "VNS5250800000١", "\u202eVNS52508000001", "😀😀😀", "e\u0301\u0301\u0301", "\ufeffVNS52508000001", "ﷺ", "\u2028\u2029", "İı"];

    private static readonly string[] NotJson =
    [
        "{hardwareId:\"VNS52508000001\"}", "{'hardwareId':'VNS52508000001'}", "{\"hardwareId\":\"VNS52508000001\",}", "{\"a\":1} {\"b\":2}", "/* c */ {\"a\":1}",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":01}", "{\"a\":0x10}", "{\"a\":.5}", "{\"a\":1.}", "{\"a\":+1}", "{\"a\":\"\\x41\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":tru}", "{\"a\":nul}", "\"unterminated", "{,}", "{\"a\" 1}", "{\"a\"::1}", "{\"a\":1,,\"b\":2}", "{\"a\":[1,]}",
        "{\"a\":undefined}", "<xml/>", "hardwareId=VNS52508000001", "{\"a\":\"\\", "{\"\\u0000\":1", "]", "}{",
    ];

    public override string ToString()
    {
        var body = Body is null ? "no body" : $"{Body.Length} B {Sample(Body)}";
        return $"{Method} {Path} [{string.Join(' ', Labels)}] auth='{Cut(Authorization, 60)}' ct='{ContentType}' {body} expected={Expected?.ToString(CultureInfo.InvariantCulture) ?? "any<500"}";
    }

    public HttpRequestMessage ToHttpRequest()
    {
        var request = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
        if (Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        if (ExpectContinue)
        {
            request.Headers.ExpectContinue = true;
        }

        foreach (var (name, value) in ExtraHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            request.Content = Chunked ? new ChunkedContent(Body, contentType: null) : new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return request;
    }

    public static HostileRequest Create(int seed, int index, FuzzTokens tokens, int maxBody)
    {
        var random = new Random(Mix(seed, index));
        var labels = new List<string>();
        var endpoint = All[index % All.Length];
        var isToken = endpoint == Token;

        // Method: mostly POST; else one the contract refuses with 405 (HEAD too, without a body).
        var method = HttpMethod.Post;
        var roll = random.Next(100);
        if (roll < 4)
        {
            method = new HttpMethod(WrongMethods[random.Next(WrongMethods.Length)]);
            labels.Add("method:wrong");
        }
        else if (roll < 5)
        {
            method = HttpMethod.Head;
            labels.Add("method:head");
        }

        // Path: the endpoint, sometimes a variant under the base path (the envelope holds there too), sometimes a query.
        // Not "%00" in the path, a request line over 8 KiB or headers over 32 KiB: Kestrel refuses those itself with a bare
        // 400/414/431 before any application code runs, so no fake could answer them in the envelope.
        var path = $"/devices/v1/{endpoint}";
        var exactPath = true;
        if (random.Next(100) < 4)
        {
            exactPath = false;
            labels.Add("path-variant");
            path = random.Next(8) switch
            {
                0 => path + "/",
                1 => path.ToUpperInvariant(),
                2 => path + "/extra",
                3 => path + "%2Fx",
                4 => path + ";jsessionid=1",
                5 => path + "%FF%E2%82%AC",
                6 => path[..^1],
                _ => path + "/" + new string('a', random.Next(1, 1500)),
            };
        }

        if (random.Next(100) < 20)
        {
            labels.Add("query");
            path += "?" + Query(random);
        }

        // Authorization.
        var (authorization, authValid) = isToken ? BasicAuth(random, labels) : BearerAuth(random, tokens, labels);

        // Body.
        var (body, bodyState) = isToken ? TokenBody(random, labels, maxBody) : JsonBody(random, endpoint, labels, maxBody);
        var oversized = body is not null && body.Length > maxBody;
        if (oversized && !labels.Contains("body:oversized"))
        {
            labels.Add("body:oversized");
        }

        // Content type.
        string? contentType = "application/json";
        var jsonType = true;
        roll = random.Next(100);
        if (roll < 8)
        {
            contentType = JsonVariants[random.Next(JsonVariants.Length)];
            labels.Add("ct:json-variant");
        }
        else if (roll < 16)
        {
            contentType = WrongTypes[random.Next(WrongTypes.Length)];
            jsonType = false;
            labels.Add("ct:wrong");
        }
        else if (roll < 20)
        {
            contentType = null;
            jsonType = false;
            labels.Add("ct:missing");
        }
        else if (roll < 22)
        {
            contentType = HeaderJunk(random, random.Next(1, 80));
            jsonType = contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
            labels.Add("ct:garbage");
        }
        else
        {
            labels.Add("ct:json");
        }

        if (body is null)
        {
            contentType = null; // no content, no Content-Type
            jsonType = false;
        }

        var chunked = body is not null && random.Next(100) < 15;
        if (chunked)
        {
            labels.Add("chunked");
        }

        if (method == HttpMethod.Trace || method == HttpMethod.Head)
        {
            body = null; // neither carries a body (RFC 9110 9.3.2, 9.3.8)
            contentType = null;
            chunked = false;
        }

        var expectContinue = body is not null && random.Next(100) < 3;
        if (expectContinue)
        {
            labels.Add("expect-continue");
        }

        var extra = new List<(string, string)>();
        if (random.Next(100) < 5)
        {
            labels.Add("extra-headers");
            foreach (var _ in Enumerable.Range(0, random.Next(1, 5)))
            {
                extra.Add(random.Next(6) switch
                {
                    0 => ("Content-Encoding", random.Next(2) == 0 ? "gzip" : "br, deflate, x-nope"),
                    1 => ("Accept", AsciiJunk(random, random.Next(1, 40))),
                    2 => ("X-Forwarded-For", "127.0.0.1, ::1, not-an-ip"),
                    3 => ("Accept-Charset", "utf-16, *;q=0"),
                    4 => ("X-" + AsciiToken(random, 8), HeaderJunk(random, random.Next(0, 2000))),
                    _ => ("Cookie", string.Join("; ", Enumerable.Range(0, random.Next(1, 30)).Select(i => $"c{i}={AsciiToken(random, 10)}"))),
                });
            }
        }

        // The status the contract leaves no doubt about: routing first (405), then the checks in the documented order.
        int? expected = null;
        if (exactPath && method != HttpMethod.Post)
        {
            expected = 405;
        }
        else if (exactPath && isToken)
        {
            expected = oversized ? 413 : authValid ? 201 : 401;
        }
        else if (exactPath)
        {
            expected = !authValid ? 401 : !jsonType ? 415 : oversized ? 413 : body!.Length == 0 ? 400 : bodyState switch
            {
                BodyState.Invalid => 400,
                BodyState.Valid => ValidBodyStatus(endpoint, authorization!, tokens),
                _ => null,
            };
        }

        return new HostileRequest(index, endpoint, method, path, authorization, contentType, body, chunked, expectContinue, extra, labels, expected);
    }

    /// <summary>What an untouched valid body gets, with Serial1 paired to A and no session known: certain for three endpoints.</summary>
    private static int? ValidBodyStatus(string endpoint, string authorization, FuzzTokens tokens)
    {
        var isB = authorization.EndsWith(tokens.B, StringComparison.Ordinal);
        return endpoint switch
        {
            Check => isB ? 403 : 200,
            Request => isB ? 403 : 409,  // already paired (to A), or another partner's device
            Verify => isB ? 403 : 400,   // the session_id in the template is no session of the fake
            _ => null,                   // notify and check_notify depend on what the storm sent before
        };
    }

    private enum BodyState
    {
        Unknown,
        Valid,
        Invalid,
    }

    private static (string? Value, bool Valid) BearerAuth(Random random, FuzzTokens tokens, List<string> labels)
    {
        var roll = random.Next(100);
        if (roll < 60)
        {
            labels.Add("auth:valid-a");
            return (random.Next(10) switch { 0 => "bearer ", 1 => "BEARER ", _ => "Bearer " } + tokens.A, true);
        }

        if (roll < 70)
        {
            labels.Add("auth:valid-b");
            return ("Bearer " + tokens.B, true);
        }

        if (roll < 76)
        {
            labels.Add("auth:expired");
            return ("Bearer " + tokens.Expired, false);
        }

        if (roll < 80)
        {
            labels.Add("auth:missing");
            return (null, false);
        }

        if (roll < 84)
        {
            labels.Add("auth:basic-on-bearer");
            return (random.Next(2) == 0 ? "Basic " + ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA) : "Bearer " + ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA), false);
        }

        if (roll < 92)
        {
            labels.Add("auth:altered-token");
            return ("Bearer " + Alter(random, tokens.A), false);
        }

        labels.Add("auth:garbled-bearer");
        return (random.Next(14) switch
        {
            0 => "Bearer",
            1 => "Bearer ",
            2 => "Bearer " + tokens.A + ", Bearer " + tokens.B,
            3 => tokens.A,                                                      // no scheme
            4 => "Token " + tokens.A,
            5 => "Bearer \"" + tokens.A + "\"",
            6 => "Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJwb3MtYSJ9.",
            7 => "Bearer " + Convert.ToBase64String(RandomBytes(random, random.Next(1, 6000))),
            8 => "Bearer " + tokens.A + " " + tokens.A,
            9 => "Bearer  ,",
            10 => "Bearer " + new string('A', random.Next(1000, 12000)),
            11 => "Bearer ệ" + tokens.A,
            12 => "Bearer " + tokens.A + "😀",
            _ => HeaderJunk(random, random.Next(1, 200)),
        }, false);
    }

    private static (string? Value, bool Valid) BasicAuth(Random random, List<string> labels)
    {
        var valid = ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA);
        var roll = random.Next(100);
        if (roll < 40)
        {
            labels.Add("auth:valid-basic");
            return random.Next(4) switch
            {
                0 => ("basic " + valid, true),
                1 => ("Basic " + ApiClient.Basic(SpeakerApiRig.PartnerB, SpeakerApiRig.SecretB), true),
                _ => ("Basic " + valid, true),
            };
        }

        if (roll < 55)
        {
            labels.Add("auth:missing");
            return (null, false);
        }

        if (roll < 75)
        {
            labels.Add("auth:bad-basic");
            return ("Basic " + (random.Next(8) switch
            {
                0 => ApiClient.Basic(SpeakerApiRig.PartnerA, "wrong"),
                1 => ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretA + "x"),
                2 => ApiClient.Basic(SpeakerApiRig.PartnerA, SpeakerApiRig.SecretB),
                3 => ApiClient.Basic("pos-z", SpeakerApiRig.SecretA),
                4 => ApiClient.Basic("", ""),
                5 => Convert.ToBase64String(Encoding.UTF8.GetBytes(SpeakerApiRig.PartnerA + SpeakerApiRig.SecretA)),   // no colon
                6 => ApiClient.Basic(SpeakerApiRig.PartnerA + ":" + SpeakerApiRig.SecretA, SpeakerApiRig.SecretA), // colons in the user
                _ => ApiClient.Basic(SpeakerApiRig.PartnerA.ToUpperInvariant(), SpeakerApiRig.SecretA),
            }), false);
        }

        if (roll < 85)
        {
            labels.Add("auth:bearer-on-token");
            return (random.Next(2) == 0 ? "Bearer " + valid : valid, false);
        }

        labels.Add("auth:garbled-basic");
        return (random.Next(10) switch
        {
            0 => "Basic",
            1 => "Basic ",
            2 => "Basic !!!not-base64!!!",
            3 => "Basic " + valid + "=",                                           // bad padding
            4 => "Basic " + valid[..^2],                                           // cut short
            5 => "Basic " + Convert.ToBase64String([0xff, 0xfe, 0x3a, 0xc3, 0xed, 0xa0, 0x80]),   // invalid UTF-8
            6 => "Basic " + Convert.ToBase64String(RandomBytes(random, random.Next(1, 8000))),
            7 => "Basic " + valid + " " + valid,
            8 => "Basic " + Alter(random, valid),
            _ => "Basic " + HeaderJunk(random, random.Next(1, 300)),
        }, false);
    }

    private static (byte[]? Body, BodyState State) TokenBody(Random random, List<string> labels, int maxBody)
    {
        // No body is needed; whatever comes is read and dropped, within the size limit.
        var roll = random.Next(100);
        if (roll < 25)
        {
            labels.Add("body:none");
            return (null, BodyState.Unknown);
        }

        if (roll < 35)
        {
            labels.Add("body:empty");
            return ([], BodyState.Unknown);
        }

        if (roll < 42)
        {
            labels.Add("body:oversized");
            return (Oversized(random, "{}", maxBody), BodyState.Unknown);
        }

        var template = All[1 + random.Next(All.Length - 1)];
        return JsonBody(random, template, labels, maxBody);
    }

    private static (byte[]? Body, BodyState State) JsonBody(Random random, string endpoint, List<string> labels, int maxBody)
    {
        var valid = Endpoints.Body(endpoint);
        var fields = Fields(endpoint);
        var field = fields[random.Next(fields.Count)].Field;
        var roll = random.Next(26);
        (byte[]? body, BodyState state, string kind) = roll switch
        {
            0 or 1 => (U(valid), BodyState.Valid, "valid"),
            2 => (FlipBits(random, U(valid)), BodyState.Unknown, "byte-flip"),
            3 => (ReplaceBytes(random, U(valid)), BodyState.Unknown, "byte-replace"),
            4 => (Truncate(random, U(valid)), BodyState.Invalid, "truncate"),
            5 => (U(DuplicateKey(random, endpoint, field)), BodyState.Unknown, "duplicate-key"),
            6 => (U(DeepNesting(random, endpoint, field)), BodyState.Invalid, "deep-nesting"),
            7 => (U(Endpoints.Body(endpoint, field, HugeString(random))), BodyState.Unknown, "huge-string"),
            8 => (U(Endpoints.Body(endpoint, field, HugeNumber(random))), BodyState.Unknown, "huge-number"),
            9 => (U(Endpoints.Body(endpoint, field, WrongType(random, field))), BodyState.Invalid, "wrong-type"),
            10 => (U(Endpoints.Body(endpoint, field, "null")), BodyState.Invalid, "null-field"),
            11 => (U(Endpoints.Body(endpoint, field)), BodyState.Invalid, "missing-field"),
            12 => (U(NotAnObject(random, valid)), BodyState.Invalid, "not-an-object"),
            13 => (WithInvalidUtf8(random, valid), BodyState.Invalid, "invalid-utf8"),
            14 => (U(Endpoints.Body(endpoint, field, "\"" + LoneSurrogates[random.Next(LoneSurrogates.Length)] + "\"")), BodyState.Invalid, "lone-surrogate"),
            15 => (WithBom(random, valid), BodyState.Unknown, "bom"),
            16 => (WithControlChars(random, endpoint, field, valid), BodyState.Unknown, "control-chars"),
            17 => (RandomBytes(random, random.Next(1, 2000)), BodyState.Unknown, "random-bytes"),
            18 => (U(NotJson[random.Next(NotJson.Length)]), BodyState.Invalid, "not-json"),
            19 => ([], BodyState.Invalid, "empty"),
            20 => (null, BodyState.Invalid, "none"),
            21 => (U(Whitespace(random, valid, maxBody)), BodyState.Unknown, "whitespace"),
            22 => (U(ExtraFields(random, valid)), BodyState.Unknown, "extra-fields"),
            23 => (U(ManyKeys(random, valid)), BodyState.Unknown, "many-keys"),
            24 => (U(Endpoints.Body(endpoint, field, Q(OddUnicode[random.Next(OddUnicode.Length)]))), BodyState.Unknown, "odd-unicode"),
            _ => (Oversized(random, valid, maxBody), BodyState.Unknown, "oversized"),
        };
        labels.Add("body:" + kind);

        // A second mutation on top, sometimes: hostility rarely comes alone.
        if (body is { Length: > 0 } && random.Next(100) < 15)
        {
            body = random.Next(3) switch { 0 => FlipBits(random, body), 1 => ReplaceBytes(random, body), _ => Truncate(random, body) };
            state = BodyState.Unknown;
        }

        return (body, state);
    }

    private static byte[] U(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] FlipBits(Random random, byte[] body)
    {
        var copy = (byte[])body.Clone();
        for (var i = random.Next(1, 9); i > 0; i--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] ReplaceBytes(Random random, byte[] body)
    {
        var copy = (byte[])body.Clone();
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static byte[] Truncate(Random random, byte[] body) => body[..random.Next(Math.Max(1, body.Length - 1))];

    private static string DuplicateKey(Random random, string endpoint, string field)
    {
        var value = random.Next(3) switch
        {
            0 => Fields(endpoint).First(f => f.Field == field).Json,               // the same value twice
            1 => Q("VNS52508000002"),
            _ => WrongType(random, field),
        };
        var name = random.Next(3) == 0 ? field.Replace("d", "\\u0064", StringComparison.Ordinal) : field; // the same name, escaped
        var valid = Endpoints.Body(endpoint);
        return random.Next(2) == 0 ? valid[..^1] + $",\"{name}\":{value}}}" : $"{{\"{name}\":{value}," + valid[1..];
    }

    private static string DeepNesting(Random random, string endpoint, string field)
    {
        var depth = random.Next(5) switch { 0 => 17, 1 => random.Next(17, 100), 2 => 1000, 3 => random.Next(1000, 12_000), _ => 64 };
        return random.Next(4) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            2 => Endpoints.Body(endpoint, field, new string('[', depth) + Fields(endpoint)[0].Json + new string(']', depth)),
            _ => new string('[', depth),                                                                   // never closed
        };
    }

    private static string HugeString(Random random)
    {
        var length = random.Next(3) switch { 0 => random.Next(129, 2000), 1 => random.Next(2000, 20_000), _ => random.Next(20_000, 60_000) };
        return random.Next(4) switch
        {
            0 => Q(new string('7', length)),
            1 => Q(string.Concat(Enumerable.Repeat("ệ", length / 3))),
            2 => "\"" + string.Concat(Enumerable.Repeat("\\u0041", length / 6)) + "\"",
            _ => Q("VNS52508000001" + new string(' ', length)),
        };
    }

    private static string HugeNumber(Random random)
    {
        string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10)))).TrimStart('0') is { Length: > 0 } d ? d : "1";
        return random.Next(12) switch
        {
            0 => Digits(random.Next(20, 5000)),
            1 => "-" + Digits(random.Next(20, 5000)),
            2 => "1e" + random.Next(300, 100_000).ToString(CultureInfo.InvariantCulture),
            3 => "-1e" + random.Next(300, 100_000).ToString(CultureInfo.InvariantCulture),
            4 => "1e-" + random.Next(300, 100_000).ToString(CultureInfo.InvariantCulture),
            5 => Digits(30) + "." + Digits(random.Next(1, 3000)) + "e10",
            6 => "9223372036854775807",
            7 => "9223372036854775808",
            8 => "-9223372036854775809",
            9 => "1000000000000000",
            10 => "999999999999999",
            _ => "1.5e5",
        };
    }

    private static string WrongType(Random random, string field) => random.Next(11) switch
    {
        0 => "true",
        1 => "false",
        2 => field == "amount" ? "\"150000\"" : "12345",
        3 => field == "amount" ? "150000.5" : "1.5",
        4 => "[]",
        5 => field == "amount" ? "[150000]" : "[\"VNS52508000001\"]",
        6 => "{}",
        7 => $"{{\"{field}\":{(field == "amount" ? "150000" : "\"VNS52508000001\"")}}}",
        8 => field == "amount" ? "\"\"" : "0",
        9 => field == "amount" ? "{\"$numberLong\":\"150000\"}" : "-0",
        _ => field == "amount" ? "\"1e5\"" : "[[[]]]",
    };

    private static string NotAnObject(Random random, string valid) => random.Next(8) switch
    {
        0 => "[" + valid + "]",
        1 => "[]",
        2 => Q(valid),
        3 => "150000",
        4 => "null",
        5 => "true",
        6 => "\"VNS52508000001\"",
        _ => "[" + valid + "," + valid + "]",
    };

    private static byte[] WithInvalidUtf8(Random random, string valid)
    {
        var bytes = U(valid);
        var bad = InvalidUtf8[random.Next(InvalidUtf8.Length)];
        // Inside the first string value most of the time (where a lax parser would let it through), else anywhere.
        var at = random.Next(3) != 0 ? valid.IndexOf(":\"", StringComparison.Ordinal) + 2 + random.Next(3) : random.Next(bytes.Length + 1);
        at = Math.Clamp(at, 0, bytes.Length);
        return [.. bytes[..at], .. bad, .. bytes[at..]];
    }

    private static byte[] WithBom(Random random, string valid)
    {
        byte[] utf8Bom = [0xEF, 0xBB, 0xBF];
        return random.Next(7) switch
        {
            0 => [.. utf8Bom, .. U(valid)],
            1 => [.. utf8Bom, .. utf8Bom, .. U(valid)],
            2 => [.. U("  "), .. utf8Bom, .. U(valid)],
            3 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(valid)],            // UTF-16LE
            4 => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(valid)],
            5 => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(valid)],
            _ => [.. U(valid), .. utf8Bom],
        };
    }

    private static byte[] WithControlChars(Random random, string endpoint, string field, string valid)
    {
        if (random.Next(2) == 0)
        {
            // Escaped: well-formed JSON whose string holds control characters.
            var escaped = random.Next(4) switch { 0 => "\\u0000", 1 => "\\u001f", 2 => "\\b\\f\\r\\n\\t", _ => "\\u007f" };
            return U(Endpoints.Body(endpoint, field, random.Next(2) == 0 ? $"\"{escaped}\"" : $"\"VNS52508000001{escaped}\""));
        }

        // Raw: anywhere, inside a string (invalid JSON) or between tokens (whitespace only if it is one of the four).
        var bytes = U(valid);
        var at = random.Next(bytes.Length + 1);
        var control = (byte)(random.Next(5) == 0 ? 0x7F : random.Next(0x20));
        return [.. bytes[..at], control, .. bytes[at..]];
    }

    private static string Whitespace(Random random, string valid, int maxBody)
    {
        var pad = new string(" \t\r\n"[random.Next(4)], random.Next(1, random.Next(2) == 0 ? 200 : maxBody - valid.Length));
        return random.Next(3) switch { 0 => pad + valid, 1 => valid + pad, _ => valid.Insert(1, pad) };
    }

    private static string ExtraFields(Random random, string valid)
    {
        var names = new[] { "__proto__", "constructor", "", "\\u0000", "hardwareID", "HARDWAREID", "session-id", "sessionId", "request_id", "$where", new string('k', random.Next(1, 5000)) };
        var extras = Enumerable.Range(0, random.Next(1, 6)).Select(_ => $"\"{names[random.Next(names.Length)]}\":{WrongType(random, "x")}");
        return "{" + string.Join(",", extras) + "," + valid[1..];
    }

    private static string ManyKeys(Random random, string valid)
    {
        var keys = Enumerable.Range(0, random.Next(100, 5000)).Select(i => $"\"k{i}\":{i}");
        return "{" + string.Join(",", keys) + "," + valid[1..];
    }

    private static byte[] Oversized(Random random, string valid, int maxBody)
    {
        var extra = random.Next(5) == 0 ? random.Next(maxBody, maxBody * 4) : random.Next(1, 4096);
        return random.Next(2) == 0
            ? U(valid.Insert(1, new string(' ', maxBody - valid.Length + extra)))
            : U("{\"hardwareId\":" + Q(new string('x', maxBody + extra)) + "}");
    }

    private static string Query(Random random)
    {
        var parts = Enumerable.Range(0, random.Next(1, 8)).Select(_ => random.Next(10) switch
        {
            0 => "hardwareId=VNS52508000002",
            1 => "a=1&a=2",
            2 => "%ZZ",
            3 => "%00=%FF%FE",
            4 => "x=" + new string('q', random.Next(1, 500)),             // the request line stays under Kestrel's 8 KiB
            5 => "=",
            6 => "&&&",
            7 => "amount=-1&requestId=",
            8 => Uri.EscapeDataString(AsciiJunk(random, random.Next(1, 50))) + "=" + Uri.EscapeDataString("ệ😀\u0001"),
            _ => "callback=alert(1)",
        });
        return string.Join("&", parts);
    }

    private static string Alter(Random random, string token)
    {
        var chars = token.ToCharArray();
        return random.Next(6) switch
        {
            0 => token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
            1 => token[..random.Next(token.Length)],
            2 => token + "A",
            3 => token.ToUpperInvariant(),
            4 => token.Contains('.', StringComparison.Ordinal) ? string.Join('.', token.Split('.').Reverse()) : token + "==",
            _ => Swap(chars, random),
        };

        static string Swap(char[] chars, Random random)
        {
            var i = random.Next(chars.Length);
            chars[i] = chars[i] == 'x' ? 'y' : 'x';
            return new string(chars);
        }
    }

    /// <summary>Printable ASCII, spaces and punctuation included (what a header may carry).</summary>
    private static string AsciiJunk(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0x20, 0x7F)).ToArray());

    /// <summary>Printable ASCII mixed with letters from everywhere (sent as UTF-8): what a garbled header carries.</summary>
    private static string HeaderJunk(Random random, int length)
    {
        string[] odd = ["ệ", "đ", "ÿ", "\u00a0", "😀", "\ufffd", "\u200b", "Ω", "中"];
        return string.Concat(Enumerable.Range(0, length).Select(_ => random.Next(8) == 0 ? odd[random.Next(odd.Length)] : ((char)random.Next(0x20, 0x7F)).ToString()));
    }

    private static string AsciiToken(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)('a' + random.Next(26))).ToArray());

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Sample(byte[] body)
    {
        var head = body.AsSpan(0, Math.Min(body.Length, 120));
        return System.Text.Unicode.Utf8.IsValid(head) ? "'" + Encoding.UTF8.GetString(head) + "'" : "0x" + Convert.ToHexString(head);
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length] + "...";

    /// <summary>splitmix64 of (seed, index): independent, reproducible streams per request.</summary>
    private static int Mix(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }
}
