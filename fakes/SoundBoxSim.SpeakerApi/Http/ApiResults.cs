using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SoundBoxSim.SpeakerApi.Cloud;

namespace SoundBoxSim.SpeakerApi.Http;

/// <summary>SePay's envelope: <c>{"code", "message", "data"}</c>, HTTP status = code; errors add an English <c>error</c> detail.</summary>
internal static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Ok(object data, string message = "Thành công") =>
        Results.Json(new { code = 200, message, data }, Json, statusCode: 200);

    public static IResult Error(SpeakerApiException error) =>
        Results.Json(new { code = error.Status, message = error.Message, data = (object?)null, error = error.Detail }, Json, statusCode: error.Status);

    public static Task WriteErrorAsync(HttpContext context, int status, string message, string detail) =>
        context.Response.WriteAsJsonAsync(new { code = status, message, data = (object?)null, error = detail }, Json);
}
