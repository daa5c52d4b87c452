using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoundBoxSim.MqttLoad;

// sbsim-barekestrel: POST /devices/v1/speaker/pair/check answered the way a plain minimal API would, with the same
// bytes as our Speaker API for the same request (an unpaired, online device), behind a bearer check of the same
// weight (the header parsed, the token looked up among those issued, its expiry checked). token/create issues the
// tokens, so the bench script gets one the same way from every server.
const string Usage = """
    sbsim-barekestrel: the bare Kestrel baseline for bench/speakerapi/run.sh.
      --port N      port on 127.0.0.1 (default 5080; 0 = any free port, printed)
      --devices N   devices VNS52508000001.. that pair/check knows, 1..100000 (default 100)
    Partner sbsim-partner:sbsim-secret, as sbsim up's default. Runs until Ctrl+C or SIGTERM.
    """;

int port, count;
try
{
    var values = new CommandLineValues(args is ["--help"] or ["-h"] ? throw new ArgumentException(Usage) : args);
    port = values.Int("port", 5080, 0, 65_535);
    count = values.Int("devices", 100, 1, 100_000);
    values.EnsureAllTaken();
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message == Usage ? Usage : $"sbsim-barekestrel: {ex.Message}\n{Usage}");
    return ex.Message == Usage ? 0 : 2;
}

var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }; // as ours: "Thành công" unescaped
var lifetime = TimeSpan.FromSeconds(6000);
var key = RandomNumberGenerator.GetBytes(32);
var tokens = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
var models = Enumerable.Range(1, count).ToDictionary(i => string.Create(CultureInfo.InvariantCulture, $"VNS52508{i:000000}"), _ => "S5 Plus", StringComparer.Ordinal);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
var app = builder.Build();

app.MapPost("/devices/v1/token/create", (HttpRequest request) =>
{
    if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var basic) || basic.Scheme != "Basic"
        || basic.Parameter is null || Encoding.UTF8.GetString(Convert.FromBase64String(basic.Parameter)) != "sbsim-partner:sbsim-secret")
    {
        return Error(401, "Unauthorized");
    }

    // JWT-shaped like ours, so the Authorization header the load tool sends is as long.
    var now = TimeProvider.System.GetUtcNow();
    var head = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
    var body = Base64Url(Encoding.UTF8.GetBytes(
        $$"""{"sub":"sbsim-partner","iat":{{now.ToUnixTimeSeconds()}},"exp":{{(now + lifetime).ToUnixTimeSeconds()}},"jti":"{{Guid.NewGuid():N}}"}"""));
    var token = $"{head}.{body}.{Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{head}.{body}")))}";
    tokens[token] = now + lifetime;
    return Results.Json(new { code = 201, message = "Resource created", data = "—", access_token = token, ttl = (int)lifetime.TotalSeconds }, json, statusCode: 201);
});

app.MapPost("/devices/v1/speaker/pair/check", (HttpRequest request, CheckBody body) =>
{
    if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var bearer)
        || !bearer.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || bearer.Parameter is null
        || !tokens.TryGetValue(bearer.Parameter, out var expires) || TimeProvider.System.GetUtcNow() >= expires)
    {
        return Error(401, "Unauthorized");
    }

    return body.HardwareId is { } serial && models.TryGetValue(serial, out var model)
        ? Results.Json(new { code = 200, message = "Thành công", data = new { hardwareId = serial, model, isPaired = false, online = true } }, json)
        : Error(404, "Không tìm thấy thiết bị");
});

await app.StartAsync();
Console.WriteLine($"sbsim-barekestrel: listening on {app.Urls.First()}");
await app.WaitForShutdownAsync();
return 0;

IResult Error(int status, string message) => Results.Json(new { code = status, message, data = (object?)null }, json, statusCode: status);

static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

/// <summary>The pair/check body, bound by the minimal API from JSON.</summary>
internal sealed record CheckBody(string? HardwareId);
