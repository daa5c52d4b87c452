using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SoundBoxSim.Host.Tests.Support;
using SoundBoxSim.SpeakerApi;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Host.Tests;

/// <summary>
/// The OpenAPI document (scenarios/SoundBoxSim.Host/openapi.yaml) against the running simulator: served as checked
/// in, covering exactly the mapped routes, every real answer valid against it (and every documented answer seen), and
/// valid OpenAPI for an independent tool (@apidevtools/swagger-parser).
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private const string First = "VNS52508000001";
    private const string Second = "VNS52508000002";
    private const string Unknown = "VNS52508999999";
    private const string ValidatorPackage = "@apidevtools/swagger-parser";

    private static readonly PartnerCredentials PartnerA = new("sbsim-partner", "sbsim-secret");
    private static readonly PartnerCredentials PartnerB = new("sbsim-other", "other-secret");

    private static readonly string[] BearerOperations =
        ["speaker/pair/check", "speaker/pair/request", "speaker/pair/verify", "speaker/transactions/notify", "speaker/transactions/check_notify"];

    /// <summary>A JSON body over both APIs' limits (64 KiB Speaker API, 16 KiB control API).</summary>
    private static readonly string Oversized = $$"""{"hardwareId":"{{First}}","serial":"{{First}}","pad":"{{new string('x', 70_000)}}"}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<Simulator> StartAsync(int devices = 1, bool virtualClock = true, int rateLimit = 0) => Simulator.StartAsync(new SimulatorOptions
    {
        Devices = devices,
        HttpPort = 0,
        SePayPort = 0,
        MqttPort = 0,
        VirtualClock = virtualClock,
        SpeakerApi = new SpeakerApiOptions { Partners = [PartnerA, PartnerB], RateLimitPerSecond = rateLimit },
    }, Token);

    [Fact]
    public async Task ServedDocument_IsTheCheckedInFile_ByteForByte()
    {
        await using var simulator = await StartAsync();
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var response = await http.GetAsync(OpenApiDocument.Path, Token);
        var served = await response.Content.ReadAsByteArrayAsync(Token);
        var checkedIn = await File.ReadAllBytesAsync(OpenApiSpec.FilePath, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/yaml", response.Content.Headers.ContentType?.MediaType);
        Assert.True(checkedIn.AsSpan().SequenceEqual(served),
            $"GET /openapi.yaml served {served.Length} bytes that differ from the {checkedIn.Length} bytes of {OpenApiSpec.FilePath} (rebuild SoundBoxSim.Host?)");
        Assert.Equal("3.1.0", OpenApiSpec.Parse(Encoding.UTF8.GetString(served)).Root.GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task MappedEndpoints_AreExactlyTheDocumentedOperations()
    {
        var spec = OpenApiSpec.Load();
        await using var simulator = await StartAsync();
        var endpoints = simulator.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var mapped = endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"]).Select(m => $"{m} {NormaliseRoute(e.RoutePattern.RawText)}"))
            .ToHashSet(StringComparer.Ordinal);
        var documented = spec.Operations.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);

        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints were found: is the EndpointDataSource the app's?");
        Assert.True(documented.Count == spec.Operations.Count, "an operation is documented twice");
        Assert.True(mapped.SetEquals(documented),
            $"mapped but not documented: {string.Join(", ", mapped.Except(documented).Order(StringComparer.Ordinal))}; "
            + $"documented but not mapped: {string.Join(", ", documented.Except(mapped).Order(StringComparer.Ordinal))}");
    }

    [Theory]
    [InlineData("/control/v1/devices/{serial}/announcements/{sequence:long}.wav", "/control/v1/devices/{serial}/announcements/{sequence}.wav")]
    [InlineData("devices/v1/token/create", "/devices/v1/token/create")]
    [InlineData("/a/{id:int:min(1)}/{rest?}/{**path}", "/a/{id}/{rest}/{path}")]
    [InlineData("/a/{x=1}", "/a/{x}")]
    public void NormaliseRoute_DropsConstraintsDefaultsAndCatchAlls(string route, string expected) =>
        Assert.Equal(expected, NormaliseRoute(route));

    [Fact]
    public void OperationIds_AreUnique_AndEveryExampleMatchesItsSchema()
    {
        var spec = OpenApiSpec.Load();
        var ids = spec.Operations.Select(o => o.Element.GetProperty("operationId").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());

        var checkedExamples = 0;
        var errors = new List<string>();
        void CheckMedia(string where, JsonElement content)
        {
            foreach (var media in content.EnumerateObject().Where(m => m.Value.TryGetProperty("examples", out _)))
            {
                foreach (var example in media.Value.GetProperty("examples").EnumerateObject())
                {
                    checkedExamples++;
                    errors.AddRange(spec.Schemas.Validate(media.Value.GetProperty("schema"), spec.Follow(example.Value).GetProperty("value"), $"{where} {media.Name} example '{example.Name}'"));
                }
            }
        }

        foreach (var operation in spec.Operations)
        {
            if (operation.Element.TryGetProperty("requestBody", out var body))
            {
                CheckMedia($"{operation} request", spec.Follow(body).GetProperty("content"));
            }

            foreach (var response in operation.Element.GetProperty("responses").EnumerateObject())
            {
                if (spec.Follow(response.Value).TryGetProperty("content", out var content))
                {
                    CheckMedia($"{operation} {response.Name}", content);
                }
            }

            var pathItem = spec.Root.GetProperty("paths").GetProperty(operation.Path);
            var parameters = (pathItem.TryGetProperty("parameters", out var shared) ? shared.EnumerateArray() : default)
                .Concat(operation.Element.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : default)
                .Select(spec.Follow);
            foreach (var parameter in parameters.Where(p => p.TryGetProperty("example", out _)))
            {
                checkedExamples++;
                errors.AddRange(spec.Schemas.Validate(parameter.GetProperty("schema"), parameter.GetProperty("example"), $"{operation} parameter {parameter.GetProperty("name")}"));
            }
        }

        Assert.True(checkedExamples >= 30, $"only {checkedExamples} examples were checked");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task SpeakerApi_RealAnswers_MatchTheDocument_AndEveryDocumentedStatusIsSeen()
    {
        var spec = OpenApiSpec.Load();
        using var http = new DocumentedHttp(spec);
        await using (var simulator = await StartAsync(devices: 2))
        {
            await SpeakerApiFlowAsync(simulator, http);
        }

        await using (var limited = await StartAsync(rateLimit: 1))
        {
            var token = await CreateTokenAsync(limited, http, PartnerA);
            await SpeakerAsync(limited, http, "speaker/pair/check", Hardware(First), token, 200); // the first request of this (virtual) second
            foreach (var operation in BearerOperations)
            {
                await SpeakerAsync(limited, http, operation, Hardware(First), token, 429);
            }
        }

        AssertEverythingSeen(spec, http, o => o.Path.StartsWith("/devices/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ControlApi_RealAnswers_MatchTheDocument_AndEveryDocumentedStatusIsSeen()
    {
        var spec = OpenApiSpec.Load();
        using var http = new DocumentedHttp(spec);
        await using (var simulator = await StartAsync())
        {
            await ControlApiFlowAsync(simulator, http);
        }

        await using (var system = await StartAsync(virtualClock: false))
        {
            var (_, clock) = await http.SendAsync(system.BaseAddress, HttpMethod.Get, "/control/v1/clock", expect: 200);
            Assert.Equal("system", clock.GetProperty("mode").GetString());
            await http.SendAsync(system.BaseAddress, HttpMethod.Post, "/control/v1/clock/advance", """{"seconds":60}""", expect: 409);
        }

        AssertEverythingSeen(spec, http, o => !o.Path.StartsWith("/devices/v1/", StringComparison.Ordinal) && !o.Path.StartsWith("/control/v1/bank/", StringComparison.Ordinal)
            && !o.Path.StartsWith("/control/v1/webhooks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebhookControlApi_RealAnswers_MatchTheDocument_AndEveryDocumentedStatusIsSeen()
    {
        var spec = OpenApiSpec.Load();
        using var http = new DocumentedHttp(spec);
        await using var simulator = await StartAsync();
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", () => Microsoft.AspNetCore.Http.Results.Json(new { success = true }));
        await receiver.StartAsync(Token);
        var url = receiver.Urls.First() + "/hook";
        var hook = simulator.SePay.Webhooks.Create(new SePay.Webhooks.Webhook { Name = "shop", WebhookUrl = url, AuthType = SePay.Webhooks.WebhookAuthType.HmacSha256 });
        var delivered = new TaskCompletionSource<SePay.Webhooks.Engine.WebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Deliveries.Changed += d => { if (d.State != SePay.Webhooks.Engine.DeliveryState.Pending) { delivered.TrySetResult(d); } };

        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", """{"amount":150000,"content":"DH1709"}""");
        var done = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(SePay.Webhooks.Engine.DeliveryState.Succeeded, done.State);

        var (_, list) = await ControlAsync(simulator, http, HttpMethod.Get, $"webhooks/deliveries?webhookId={hook.Id}&state=succeeded", expect: 200);
        var entry = Assert.Single(list.EnumerateArray());
        Assert.Contains("X-SePay-Signature", entry.GetProperty("attempts")[0].GetProperty("curl").GetString(), StringComparison.Ordinal);
        await ControlAsync(simulator, http, HttpMethod.Get, "webhooks/deliveries?state=lost", expect: 400);
        await ControlAsync(simulator, http, HttpMethod.Get, $"webhooks/deliveries/{done.Id}", expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Get, "webhooks/deliveries/999", expect: 404);
        var (_, replayed) = await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", $$"""{"ids":[{{done.Id}}]}""", 201);
        Assert.Equal($"Replayed from #{done.Id}", replayed[0].GetProperty("label").GetString());
        await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", """{"ids":[]}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", """{"ids":[999]}""", 404);
        await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", "ids=1", 415, "application/x-www-form-urlencoded");
        await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", Oversized, 413);
        for (var i = 0; i < 9; i++)
        {
            await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", $$"""{"ids":[{{done.Id}}]}""", 201);
        }

        await ControlAsync(simulator, http, HttpMethod.Post, "webhooks/deliveries/replay", $$"""{"ids":[{{done.Id}}]}""", 429); // the 11th this minute
        var (_, health) = await ControlAsync(simulator, http, HttpMethod.Get, $"webhooks/{hook.Id}/health", expect: 200);
        Assert.Equal(0, health.GetProperty("consecutiveFailures").GetInt32());

        AssertEverythingSeen(spec, http, o => o.Path.StartsWith("/control/v1/webhooks/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BankControlApi_RealAnswers_MatchTheDocument_AndEveryDocumentedStatusIsSeen()
    {
        var spec = OpenApiSpec.Load();
        using var http = new DocumentedHttp(spec);
        await using var simulator = await StartAsync();

        await ControlAsync(simulator, http, HttpMethod.Get, "bank/company", expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/company", """{"paymentCodes":true,"paymentCodeTemplates":[{"prefix":"dh","suffixFrom":4,"suffixTo":10,"characterType":"NumberOnly"}]}""", 200);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/company", """{"paymentCodes":true,"paymentCodeTemplates":[]}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/company", "x", 415, "text/plain");
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/company", Oversized, 413);
        await ControlAsync(simulator, http, HttpMethod.Get, "bank/accounts", expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/accounts/30", """{"bank":"ACB","accountNumber":"12345678","holderName":"NGUYEN VAN AN","accumulated":0}""", 200);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/accounts/31", """{"bank":"ACB","accountNumber":"12345678","holderName":"TRUNG SO"}""", 409);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/accounts/31", """{"bank":"ACB","accountNumber":"12-34","holderName":"X"}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/accounts/31", "x", 415, "text/plain");
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/accounts/31", Oversized, 413);
        await ControlAsync(simulator, http, HttpMethod.Get, "bank/virtual-accounts", expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/virtual-accounts/40", """{"bankAccountId":30,"number":"ACB00001","kind":"Official"}""", 200);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/virtual-accounts/41", """{"bankAccountId":999,"number":"ACB00002"}""", 404);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/virtual-accounts/41", """{"bankAccountId":30,"number":"acb00001"}""", 409);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/virtual-accounts/41", """{"bankAccountId":30}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/virtual-accounts/41", "x", 415, "text/plain");
        await ControlAsync(simulator, http, HttpMethod.Put, "bank/virtual-accounts/41", Oversized, 413);
        var (_, made) = await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", """{"amount":150000,"content":"Thanh toan DH1709"}""", 201);
        Assert.Equal("DH1709", made.GetProperty("code").GetString());
        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", """{"amount":150000,"content":"ACB00001","accountNumber":"12345678","subAccount":"ACB00001","transferType":"in"}""", 201);
        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", """{"amount":999}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", """{"amount":10000,"accountNumber":"999"}""", 404);
        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", """{"amount":499000000,"accountNumber":"12345678","transferType":"out"}""", 409);
        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", "amount=1", 415, "application/x-www-form-urlencoded");
        await ControlAsync(simulator, http, HttpMethod.Post, "bank/transfers", Oversized, 413);
        var (_, transactions) = await ControlAsync(simulator, http, HttpMethod.Get, "bank/transactions", expect: 200);
        Assert.Equal(2, transactions.GetArrayLength());

        AssertEverythingSeen(spec, http, o => o.Path.StartsWith("/control/v1/bank/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_IsValidOpenApi_ForSwaggerParser()
    {
        var node = ExternalTool.Require("node", "nodejs");
        var tools = RepoPaths.Combine("tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "@apidevtools", "swagger-parser")))
        {
            if ((Environment.GetEnvironmentVariable(ExternalTool.UninstallableVariable) ?? "").Split(' ').Contains(ValidatorPackage, StringComparer.Ordinal))
            {
                Assert.Skip($"The npm package {ValidatorPackage} is missing and the test command could not install it on this machine.");
            }

            throw new InvalidOperationException($"tests/tools/node_modules/{ValidatorPackage} is missing: run ./test.sh, which installs it (npm ci in tests/tools).");
        }

        var result = await ProcessRunner.RunAsync(node, ["validate-openapi.mjs", OpenApiSpec.FilePath], tools, Token);

        Assert.True(result.ExitCode == 0, $"swagger-parser refused the document (exit {result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        Assert.Contains("valid (OpenAPI 3.1.0", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The route as the document writes it: leading slash, no constraints, defaults, optional marks or catch-all stars.</summary>
    private static string NormaliseRoute(string? route) =>
        RouteParameter().Replace((route ?? "").StartsWith('/') ? route! : "/" + route, "{$1}");

    [GeneratedRegex(@"\{\*{0,2}([^}:=?]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    private static void AssertEverythingSeen(OpenApiSpec spec, DocumentedHttp http, Func<OpenApiOperation, bool> which)
    {
        var unseen = spec.Operations.Where(which)
            .SelectMany(o => spec.Statuses(o).Select(status => (Operation: o.ToString(), Status: status)))
            .Where(pair => !http.Seen.Contains(pair))
            .Select(pair => $"{pair.Operation} {pair.Status}")
            .ToList();
        Assert.True(unseen.Count == 0, $"documented but never answered by the simulator in this test: {string.Join(", ", unseen)}");
    }

    /// <summary>The JSON object <paramref name="json"/> once without each of its fields.</summary>
    private static IEnumerable<string> WithoutEachField(string json)
    {
        foreach (var name in JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList())
        {
            var copy = JsonNode.Parse(json)!.AsObject();
            copy.Remove(name);
            yield return copy.ToJsonString();
        }
    }

    private static AuthenticationHeaderValue Basic(PartnerCredentials partner, string? secret = null) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{partner.ClientId}:{secret ?? partner.ClientSecret}")));

    private static string Hardware(string serial) => JsonSerializer.Serialize(new { hardwareId = serial });

    private static string Verify(string serial, string session, string otp) => JsonSerializer.Serialize(new { hardwareId = serial, session_id = session, otp });

    private static string Notify(string serial, long amount, string requestId) => JsonSerializer.Serialize(new { hardwareId = serial, amount, requestId });

    private static string Check(string requestId) => JsonSerializer.Serialize(new { requestId });

    private static async Task<string> CreateTokenAsync(Simulator simulator, DocumentedHttp http, PartnerCredentials partner)
    {
        var (_, created) = await http.SendAsync(simulator.BaseAddress, HttpMethod.Post, "/devices/v1/token/create", authorization: Basic(partner), expect: 201);
        return created.GetProperty("access_token").GetString()!;
    }

    private static async Task<JsonElement> SpeakerAsync(
        Simulator simulator, DocumentedHttp http, string operation, string body, string? token, int expect,
        string contentType = "application/json", BodyCheck check = BodyCheck.IfAccepted)
    {
        var (_, answer) = await http.SendAsync(simulator.BaseAddress, HttpMethod.Post, $"/devices/v1/{operation}", body, contentType,
            token is null ? null : new AuthenticationHeaderValue("Bearer", token), expect, check);
        return answer;
    }

    private static Task<(int Status, JsonElement Body)> ControlAsync(
        Simulator simulator, DocumentedHttp http, HttpMethod method, string path, string? body = null, int? expect = null,
        string contentType = "application/json", BodyCheck check = BodyCheck.IfAccepted) =>
        http.SendAsync(simulator.BaseAddress, method, $"/control/v1/{path}", body, contentType, expect: expect, bodyCheck: check);

    /// <summary>The OTP of the <paramref name="nth"/> OTP announcement the device started saying (read as a partner's tester would).</summary>
    private static async Task<string> SpokenOtpAsync(Simulator simulator, DocumentedHttp http, string serial, int nth)
    {
        string? otp = null;
        await simulator.AdvanceUntilAsync(async () =>
        {
            var (_, said) = await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{serial}/announcements", expect: 200);
            otp = said.EnumerateArray().Where(a => a.GetProperty("kind").GetString() == "otp" && a.TryGetProperty("startedAt", out _))
                .Select(a => a.GetProperty("otp").GetString()).Skip(nth - 1).FirstOrDefault();
            return otp is not null;
        }, $"OTP number {nth} spoken by {serial}");
        return otp!;
    }

    private static async Task SpeakerApiFlowAsync(Simulator simulator, DocumentedHttp http)
    {
        // token/create: Basic credentials, right and wrong, and the body limit.
        var tokenA = await CreateTokenAsync(simulator, http, PartnerA);
        var tokenB = await CreateTokenAsync(simulator, http, PartnerB);
        await http.SendAsync(simulator.BaseAddress, HttpMethod.Post, "/devices/v1/token/create", authorization: Basic(PartnerA, "wrong-secret"), expect: 401);
        await http.SendAsync(simulator.BaseAddress, HttpMethod.Post, "/devices/v1/token/create", expect: 401);
        await http.SendAsync(simulator.BaseAddress, HttpMethod.Post, "/devices/v1/token/create", Oversized, authorization: Basic(PartnerA), expect: 413);

        // What every bearer endpoint refuses alike.
        foreach (var operation in BearerOperations)
        {
            await SpeakerAsync(simulator, http, operation, Hardware(First), null, 401);
            await SpeakerAsync(simulator, http, operation, Hardware(First), "not-a-token", 401);
            await SpeakerAsync(simulator, http, operation, $"hardwareId={First}", tokenA, 415, "application/x-www-form-urlencoded");
            await SpeakerAsync(simulator, http, operation, Oversized, tokenA, 413);
            await SpeakerAsync(simulator, http, operation, "{}", tokenA, 400, check: BodyCheck.SchemaRefuses);
            await SpeakerAsync(simulator, http, operation, """{"hardwareId":""", tokenA, 400);
        }

        // Bad fields: the server's 400 and the document's schema agree.
        await SpeakerAsync(simulator, http, "speaker/pair/check", """{"hardwareId":42}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/pair/check", """{"hardwareId":"   "}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", $$"""{"hardwareId":"{{First}}","session_id":"s","otp":"12"}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", $$"""{"hardwareId":"{{First}}","session_id":"s","otp":1234}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", $$"""{"hardwareId":"{{First}}","amount":"150000","requestId":"TXN-1"}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", $$"""{"hardwareId":"{{First}}","amount":0,"requestId":"TXN-1"}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", $$"""{"hardwareId":"{{First}}","amount":1.5,"requestId":"TXN-1"}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        await SpeakerAsync(simulator, http, "speaker/transactions/check_notify", """{"requestId":""}""", tokenA, 400, check: BodyCheck.SchemaRefuses);
        (string Operation, string Body)[] complete =
        [
            ("speaker/pair/check", Hardware(First)),
            ("speaker/pair/request", Hardware(First)),
            ("speaker/pair/verify", Verify(First, Guid.NewGuid().ToString(), "1234")),
            ("speaker/transactions/notify", Notify(First, 150000, "TXN-COMPLETE")),
            ("speaker/transactions/check_notify", Check("TXN-COMPLETE")),
        ];
        foreach (var (operation, body) in complete)
        {
            foreach (var incomplete in WithoutEachField(body))
            {
                await SpeakerAsync(simulator, http, operation, incomplete, tokenA, 400, check: BodyCheck.SchemaRefuses);
            }
        }

        // Unknown device or requestId: 404; notify before pairing: 409.
        var check = await SpeakerAsync(simulator, http, "speaker/pair/check", Hardware(First), tokenA, 200);
        Assert.False(check.GetProperty("data").GetProperty("isPaired").GetBoolean());
        await SpeakerAsync(simulator, http, "speaker/pair/check", Hardware(Unknown), tokenA, 404);
        await SpeakerAsync(simulator, http, "speaker/pair/request", Hardware(Unknown), tokenA, 404);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(Unknown, Guid.NewGuid().ToString(), "1234"), tokenA, 404);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(Unknown, 150000, "TXN-UNKNOWN-DEVICE"), tokenA, 404);
        await SpeakerAsync(simulator, http, "speaker/transactions/check_notify", Check("TXN-NEVER-SENT"), tokenA, 404);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(First, 150000, "TXN-UNPAIRED"), tokenA, 409);

        // Pairing with two sessions open: the first pairs, the second then finds the device paired (409).
        var firstSession = (await SpeakerAsync(simulator, http, "speaker/pair/request", Hardware(First), tokenA, 200)).GetProperty("data").GetProperty("session_id").GetString()!;
        var firstOtp = await SpokenOtpAsync(simulator, http, First, 1);
        var secondSession = (await SpeakerAsync(simulator, http, "speaker/pair/request", Hardware(First), tokenA, 200)).GetProperty("data").GetProperty("session_id").GetString()!;
        var secondOtp = await SpokenOtpAsync(simulator, http, First, 2);
        var wrongOtp = ((int.Parse(firstOtp, System.Globalization.CultureInfo.InvariantCulture) + 1) % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(First, Guid.NewGuid().ToString(), firstOtp), tokenA, 400);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(First, firstSession, wrongOtp), tokenA, 400);
        var verified = await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(First, firstSession, firstOtp), tokenA, 200);
        Assert.True(verified.GetProperty("data").GetProperty("isPaired").GetBoolean());
        await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(First, secondSession, secondOtp), tokenA, 409);
        await SpeakerAsync(simulator, http, "speaker/pair/request", Hardware(First), tokenA, 409);

        // Partner B pairs the second device; partner A is refused it on every endpoint that names a device.
        var sessionB = (await SpeakerAsync(simulator, http, "speaker/pair/request", Hardware(Second), tokenB, 200)).GetProperty("data").GetProperty("session_id").GetString()!;
        var otpB = await SpokenOtpAsync(simulator, http, Second, 1);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(Second, sessionB, otpB), tokenB, 200);
        await SpeakerAsync(simulator, http, "speaker/pair/check", Hardware(Second), tokenA, 403);
        await SpeakerAsync(simulator, http, "speaker/pair/request", Hardware(Second), tokenA, 403);
        await SpeakerAsync(simulator, http, "speaker/pair/verify", Verify(Second, sessionB, otpB), tokenA, 403);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(Second, 150000, "TXN-A-ON-B"), tokenA, 403);

        // Notify, the same again (idempotent), other content under the same requestId (409), then check_notify to SUCCESS.
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(First, 150000, "TXN202510130001"), tokenA, 200);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(First, 150000, "TXN202510130001"), tokenA, 200);
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(First, 160000, "TXN202510130001"), tokenA, 409);
        await simulator.AdvanceUntilAsync(
            async () => (await SpeakerAsync(simulator, http, "speaker/transactions/check_notify", Check("TXN202510130001"), tokenA, 200)).GetProperty("data").GetProperty("status").GetString() == "SUCCESS",
            "check_notify SUCCESS");
        var (_, announcements) = await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{First}/announcements", expect: 200);
        Assert.Contains(announcements.EnumerateArray(), a => a.GetProperty("kind").GetString() == "amount" && a.GetProperty("requestId").GetString() == "TXN202510130001");

        // Offline: PENDING with retries, so lastRetryTime is a time rather than null.
        await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/signal", """{"bars":0}""", expect: 200);
        await simulator.AdvanceUntilAsync(async () => !(await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{First}", expect: 200)).Body.GetProperty("online").GetBoolean(), "offline");
        await SpeakerAsync(simulator, http, "speaker/transactions/notify", Notify(First, 20000, "TXN-OFFLINE"), tokenA, 200);
        JsonElement pending = default;
        await simulator.AdvanceUntilAsync(async () =>
        {
            pending = (await SpeakerAsync(simulator, http, "speaker/transactions/check_notify", Check("TXN-OFFLINE"), tokenA, 200)).GetProperty("data");
            return pending.GetProperty("retriesCount").GetString() != "0";
        }, "a retry", stepSeconds: 10);
        Assert.Equal(JsonValueKind.String, pending.GetProperty("lastRetryTime").ValueKind);
    }

    private static async Task ControlApiFlowAsync(Simulator simulator, DocumentedHttp http)
    {
        const string Added = "VNS52508000100";
        var (_, devices) = await ControlAsync(simulator, http, HttpMethod.Get, "devices", expect: 200);
        Assert.Equal([First], devices.EnumerateArray().Select(d => d.GetProperty("serial").GetString()));

        // Add and remove a device.
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", $$"""{"serial":"{{Added}}","model":"S5 Plus","battery":55,"mains":false,"powerOn":null}""", 201);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", $$"""{"serial":"{{Added}}"}""", 409);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", """{"serial":"VNS-1"}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", """{"serial":"VNS52508000101","modle":"S5"}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", """{"serial":"VNS52508000101","battery":"50"}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", """{"serial":"VNS52508000101","model":""}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", """{"model":"S5 Plus"}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", "serial=VNS52508000101", 415, "application/x-www-form-urlencoded");
        await ControlAsync(simulator, http, HttpMethod.Post, "devices", Oversized, 413);
        await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{Added}", expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{Unknown}", expect: 404);
        await ControlAsync(simulator, http, HttpMethod.Delete, $"devices/{Added}", expect: 204);
        await ControlAsync(simulator, http, HttpMethod.Delete, $"devices/{Added}", expect: 404);

        // Buttons: a press makes the device speak, which gives announcements and audio to read.
        await ControlAsync(simulator, http, HttpMethod.Post, $"devices/{First}/buttons/volumeUp", expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Post, $"devices/{First}/buttons/volumeUp?action=hold", expect: 400);
        await ControlAsync(simulator, http, HttpMethod.Post, $"devices/{First}/buttons/doorbell", expect: 400);
        await ControlAsync(simulator, http, HttpMethod.Post, $"devices/{Unknown}/buttons/volumeUp?action=press", expect: 404);
        JsonElement said = default;
        await simulator.AdvanceUntilAsync(async () =>
        {
            said = (await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{First}/announcements", expect: 200)).Body;
            return said.EnumerateArray().Any(a => a.TryGetProperty("endedAt", out _));
        }, "an announcement said to the end");
        var wav = new Uri(said.EnumerateArray().First(a => a.TryGetProperty("endedAt", out _)).GetProperty("wavUrl").GetString()!).PathAndQuery;
        await http.SendAsync(simulator.BaseAddress, HttpMethod.Get, wav, expect: 200);
        await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{First}/announcements/999999.wav", expect: 404);
        await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{First}/announcements/first.wav", expect: 404);
        await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{Unknown}/announcements/1.wav", expect: 404);
        await ControlAsync(simulator, http, HttpMethod.Get, $"devices/{Unknown}/announcements", expect: 404);

        // Mains, battery, signal: good bodies, bad ones (the schema refuses them too), unknown device, wrong type, too big.
        (string Path, string Good, string Bad)[] settings =
        [
            ("mains", """{"connected":false}""", """{"connected":"no"}"""),
            ("battery", """{"percent":42.5}""", """{"percent":150}"""),
            ("signal", """{"bars":2,"latencyMs":100,"loss":0.1}""", """{"bars":9}"""),
        ];
        foreach (var (path, good, bad) in settings)
        {
            foreach (var incomplete in WithoutEachField(good))
            {
                // Every field of these bodies is required, but signal's latencyMs and loss.
                var required = !(path == "signal" && incomplete.Contains("\"bars\"", StringComparison.Ordinal));
                await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/{path}", incomplete, required ? 400 : 200, check: required ? BodyCheck.SchemaRefuses : BodyCheck.IfAccepted);
            }

            await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/{path}", good, 200);
            await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/{path}", bad, 400, check: BodyCheck.SchemaRefuses);
            await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/{path}", """{"unknown":1}""", 400, check: BodyCheck.SchemaRefuses);
            await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{Unknown}/{path}", good, 404);
            await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/{path}", good, 415, "text/plain");
            await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/{path}", Oversized, 413);
        }

        await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/signal", """{"bars":4,"latencyMs":null,"loss":null}""", 200);
        await ControlAsync(simulator, http, HttpMethod.Put, $"devices/{First}/mains", """{"connected":true}""", 200);

        // The clock.
        var (_, before) = await ControlAsync(simulator, http, HttpMethod.Get, "clock", expect: 200);
        var (_, after) = await ControlAsync(simulator, http, HttpMethod.Post, "clock/advance", """{"seconds":1.5}""", 200);
        Assert.Equal(TimeSpan.FromSeconds(1.5), after.GetProperty("now").GetDateTimeOffset() - before.GetProperty("now").GetDateTimeOffset());
        await ControlAsync(simulator, http, HttpMethod.Post, "clock/advance", """{"seconds":-1}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "clock/advance", """{"second":1}""", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "clock/advance", "{}", 400, check: BodyCheck.SchemaRefuses);
        await ControlAsync(simulator, http, HttpMethod.Post, "clock/advance", "seconds=1", 415, "application/x-www-form-urlencoded");
        await ControlAsync(simulator, http, HttpMethod.Post, "clock/advance", Oversized, 413);

        // Reset, and the document itself.
        await ControlAsync(simulator, http, HttpMethod.Post, "reset", expect: 204);
        await http.SendAsync(simulator.BaseAddress, HttpMethod.Get, OpenApiDocument.Path, expect: 200);
    }
}
