using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.SpeakerApi.Cloud;

namespace SoundBoxSim.SpeakerApi.Http;

/// <summary>The six endpoints of SePay's Speaker API under <c>/devices/v1</c>, all POST, answering in SePay's envelope.</summary>
public static class SpeakerApiEndpoints
{
    /// <summary>The base path, as at SePay.</summary>
    public const string BasePath = "/devices/v1";

    /// <summary>Maps the Speaker API onto <paramref name="app"/>.</summary>
    public static IEndpointRouteBuilder MapSpeakerApi(this IEndpointRouteBuilder app, SpeakerCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var limiter = new PartnerRateLimiter(cloud.Options.RateLimitPerSecond, cloud.Options.TimeProvider);
        var api = app.MapGroup(BasePath);
        var maxBody = cloud.Options.MaxBodyBytes;

        api.MapPost("/token/create", (HttpRequest request) => Handle(async () =>
        {
            await JsonBody.DiscardAsync(request, maxBody); // no body is needed, but the size limit holds here too
            var (clientId, secret) = BasicCredentials(request);
            var (token, ttl) = cloud.CreateToken(clientId, secret);
            return Results.Json(new { code = 201, message = "Resource created", data = "—", access_token = token, ttl }, ApiResults.Json, statusCode: 201);
        }));

        api.MapPost("/speaker/pair/check", (HttpRequest request) => Handle(async () =>
        {
            var partner = Authorize(request.HttpContext, cloud, limiter);
            var body = await JsonBody.ReadObjectAsync(request, maxBody);
            var view = cloud.Check(partner, JsonBody.RequireString(body, "hardwareId"));
            return ApiResults.Ok(new { hardwareId = view.HardwareId, model = view.Model, isPaired = view.IsPaired, online = view.Online });
        }));

        api.MapPost("/speaker/pair/request", (HttpRequest request) => Handle(async () =>
        {
            var partner = Authorize(request.HttpContext, cloud, limiter);
            var body = await JsonBody.ReadObjectAsync(request, maxBody);
            var view = cloud.RequestPairing(partner, JsonBody.RequireString(body, "hardwareId"));
            return ApiResults.Ok(new { hardwareId = view.HardwareId, model = view.Model, isPaired = view.IsPaired, session_id = view.SessionId, online = view.Online });
        }));

        api.MapPost("/speaker/pair/verify", (HttpRequest request) => Handle(async () =>
        {
            var partner = Authorize(request.HttpContext, cloud, limiter);
            var body = await JsonBody.ReadObjectAsync(request, maxBody);
            var serial = JsonBody.RequireString(body, "hardwareId");
            var session = JsonBody.RequireString(body, "session_id");
            var otp = JsonBody.RequireString(body, "otp", 4);
            if (otp.Length != 4 || !otp.All(char.IsAsciiDigit))
            {
                throw new SpeakerApiException(400, "Trường otp không hợp lệ", "'otp' must be the 4 digits the device spoke, as a string, e.g. \"0427\"");
            }

            var view = cloud.VerifyPairing(partner, serial, session, otp);
            return ApiResults.Ok(new { hardwareId = view.HardwareId, model = view.Model, isPaired = view.IsPaired, pairedTime = view.PairedTime }, "Liên kết thành công");
        }));

        api.MapPost("/speaker/transactions/notify", (HttpRequest request) => Handle(async () =>
        {
            var partner = Authorize(request.HttpContext, cloud, limiter);
            var body = await JsonBody.ReadObjectAsync(request, maxBody);
            var serial = JsonBody.RequireString(body, "hardwareId");
            var amount = JsonBody.RequireAmount(body, 999_999_999_999_999);
            var requestId = JsonBody.RequireString(body, "requestId");
            cloud.Notify(partner, serial, amount, requestId);
            return ApiResults.Ok(new { hardwareId = serial, requestId, status = "SENT" }, "Đã gửi thông báo thành công");
        }));

        api.MapPost("/speaker/transactions/check_notify", (HttpRequest request) => Handle(async () =>
        {
            var partner = Authorize(request.HttpContext, cloud, limiter);
            var body = await JsonBody.ReadObjectAsync(request, maxBody);
            var view = cloud.CheckNotify(partner, JsonBody.RequireString(body, "requestId"));
            return ApiResults.Ok(new
            {
                requestId = view.RequestId,
                hardwareId = view.HardwareId,
                amount = view.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), // a string here, as SePay documents
                status = view.Status.ToString().ToUpperInvariant(),
                message = view.Message,
                retriesCount = view.RetriesCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                lastRetryTime = view.LastRetryTime,
                createdAt = view.CreatedAt,
            });
        }));

        return app;
    }

    /// <summary>Answers 404 and 405 under the base path in the envelope too, instead of an empty body.</summary>
    public static IApplicationBuilder UseSpeakerApiStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Request.Path.StartsWithSegments(BasePath) && http.Response.ContentLength is null && !http.Response.HasStarted)
            {
                var status = http.Response.StatusCode;
                await ApiResults.WriteErrorAsync(http, status, status == 405 ? "Phương thức không được hỗ trợ" : "Không tìm thấy",
                    status == 405 ? "every Speaker API endpoint is POST" : $"no endpoint {http.Request.Path}; see the OpenAPI document");
            }
        });

    private static async Task<IResult> Handle(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (SpeakerApiException error)
        {
            var result = ApiResults.Error(error);
            return error.RetryAfterSeconds is { } seconds ? new RetryAfterResult(result, seconds) : result;
        }
        catch (BadHttpRequestException error)
        {
            return ApiResults.Error(new SpeakerApiException(error.StatusCode, "Yêu cầu không hợp lệ", error.Message));
        }
    }

    private static string Authorize(HttpContext context, SpeakerCloud cloud, PartnerRateLimiter limiter)
    {
        var header = context.Request.Headers.Authorization.ToString();
        string? token = null;
        if (AuthenticationHeaderValue.TryParse(header, out var value) && value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            token = value.Parameter;
        }

        var partner = cloud.Authenticate(token);
        limiter.Check(partner);
        return partner;
    }

    private static (string? ClientId, string? Secret) BasicCredentials(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var value)
            || !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return (null, null);
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? (null, null) : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
