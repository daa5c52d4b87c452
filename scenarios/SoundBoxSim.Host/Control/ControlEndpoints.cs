using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.Device;
using SoundBoxSim.Device.Announcements;

namespace SoundBoxSim.Host.Control;

/// <summary>
/// The control API (<c>/control/v1</c>) for tests, scenarios and the dashboard: the devices and what they said, their
/// buttons, mains, battery and signal, the clock, and a reset. <c>GET /devices</c> and
/// <c>GET /devices/{serial}/announcements</c> are fixed: partner scripts rely on them.
/// </summary>
public static class ControlEndpoints
{
    /// <summary>The base path.</summary>
    public const string BasePath = "/control/v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Maps the control API for <paramref name="simulator"/>.</summary>
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app, Simulator simulator)
    {
        var api = app.MapGroup(BasePath);
        api.MapGet("/devices", () => Results.Json(simulator.Fleet.Devices.Select(d => DeviceJson(simulator, d)), Json));
        api.MapGet("/devices/{serial}", (string serial) => WithDevice(simulator, serial, device => Results.Json(DeviceJson(simulator, device), Json)));
        api.MapGet("/devices/{serial}/announcements", (string serial, HttpRequest request) => WithDevice(simulator, serial, device =>
            Results.Json(device.Announcements().Select(a => AnnouncementJson(request, device, a)), Json)));
        api.MapGet("/devices/{serial}/announcements/{sequence:long}.wav", async (string serial, long sequence, CancellationToken token) =>
        {
            var device = simulator.Fleet.Find(serial);
            var announcement = device?.Announcements().FirstOrDefault(a => a.Sequence == sequence);
            return device is null || announcement is null
                ? NotFound($"no announcement {sequence} on device '{serial}'")
                : Results.File(await device.RenderWavAsync(announcement, token), "audio/wav", $"{serial}-{sequence}.wav");
        });
        api.MapPost("/devices/{serial}/buttons/{button}", (string serial, string button, string? action) => WithDevice(simulator, serial, device =>
        {
            Action? press = (button, action ?? "press") switch
            {
                ("power", "press") => device.PressPower,
                ("power", "hold") => device.HoldPower,
                ("volumeUp", "press") => device.PressVolumeUp,
                ("volumeDown", "press") => device.PressVolumeDown,
                ("pairing", "hold") => device.HoldPairing,
                ("replay", "press") => device.PressReplay,
                _ => null,
            };
            if (press is null)
            {
                return Problem(400, $"no button '{button}' with action '{action ?? "press"}'; use power (press|hold), volumeUp, volumeDown, pairing (hold), replay");
            }

            press();
            return Results.Json(DeviceJson(simulator, device), Json);
        }));
        api.MapPut("/devices/{serial}/mains", (string serial, MainsBody body) => WithDevice(simulator, serial, device =>
        {
            device.SetMains(body.Connected);
            return Results.Json(DeviceJson(simulator, device), Json);
        }));
        api.MapPut("/devices/{serial}/battery", (string serial, BatteryBody body) => WithDevice(simulator, serial, device =>
        {
            if (body.Percent is not (>= 0 and <= 100))
            {
                return Problem(400, "percent must be from 0 to 100");
            }

            device.SetBatteryPercent(body.Percent);
            return Results.Json(DeviceJson(simulator, device), Json);
        }));
        api.MapPut("/devices/{serial}/signal", (string serial, SignalBody body) => WithDevice(simulator, serial, device =>
        {
            if (body.Bars is < 0 or > 5 || body.LatencyMs is < 0 or > 60_000 || body.Loss is < 0 or > 1)
            {
                return Problem(400, "bars must be 0-5, latencyMs 0-60000, loss 0-1");
            }

            device.SetLinkImpairment(TimeSpan.FromMilliseconds(body.LatencyMs ?? 0), body.Loss ?? 0);
            device.SetSignal(body.Bars);
            return Results.Json(DeviceJson(simulator, device), Json);
        }));
        api.MapGet("/clock", () => Results.Json(new { now = simulator.Time.GetUtcNow(), mode = simulator.Time is VirtualClock ? "virtual" : "system" }, Json));
        api.MapPost("/clock/advance", (AdvanceBody body) =>
        {
            if (simulator.Time is not VirtualClock clock)
            {
                return Problem(409, "the clock is the system clock; start with --clock virtual to drive it");
            }

            if (body.Seconds is not (>= 0 and <= 366 * 86_400))
            {
                return Problem(400, "seconds must be from 0 to 31622400 (366 days)");
            }

            clock.Advance(TimeSpan.FromSeconds(body.Seconds));
            return Results.Json(new { now = clock.GetUtcNow(), mode = "virtual" }, Json);
        });
        api.MapPost("/reset", () =>
        {
            foreach (var device in simulator.Fleet.Devices)
            {
                simulator.Cloud.Unpair(device.Serial);
                device.ClearHistory();
            }

            simulator.Cloud.Reset();
            return Results.NoContent();
        });
        return app;
    }

    private static IResult WithDevice(Simulator simulator, string serial, Func<SpeakerDevice, IResult> action) =>
        simulator.Fleet.Find(serial) is { } device ? action(device) : NotFound($"no device '{serial}'; GET {BasePath}/devices lists them");

    private static IResult NotFound(string detail) => Problem(404, detail);

    private static IResult Problem(int status, string detail) =>
        Results.Json(new { code = status, message = detail, data = (object?)null, error = detail }, Json, statusCode: status);

    private static object DeviceJson(Simulator simulator, SpeakerDevice device)
    {
        var s = device.Snapshot();
        return new
        {
            serial = s.Serial,
            model = s.Model,
            firmware = s.Firmware,
            state = s.State.ToString(),
            online = s.Online,
            paired = s.Paired,
            partner = s.Partner,
            battery = s.Battery,
            charging = s.Charging,
            mains = s.Mains,
            signal = s.Signal,
            volume = s.Volume,
            queuedAnnouncements = s.QueuedAnnouncements,
        };
    }

    private static object AnnouncementJson(HttpRequest request, SpeakerDevice device, Announcement a) => new
    {
        sequence = a.Sequence,
        kind = a.Kind.ToString().ToLowerInvariant(),
        text = a.Text,
        otp = a.Otp,
        amount = a.Amount,
        requestId = a.RequestId,
        replay = a.Replay ? true : (bool?)null,
        outcome = a.Outcome.ToString(),
        queuedAt = a.QueuedAt,
        startedAt = a.StartedAt,
        endedAt = a.EndedAt,
        durationMs = a.StartedAt is null ? (int?)null : (int)a.Duration.TotalMilliseconds,
        wavUrl = $"{request.Scheme}://{request.Host}{BasePath}/devices/{device.Serial}/announcements/{a.Sequence.ToString(CultureInfo.InvariantCulture)}.wav",
    };

    /// <summary>Body of PUT mains.</summary>
    public sealed record MainsBody(bool Connected);

    /// <summary>Body of PUT battery.</summary>
    public sealed record BatteryBody(double Percent);

    /// <summary>Body of PUT signal.</summary>
    public sealed record SignalBody(int Bars, int? LatencyMs, double? Loss);

    /// <summary>Body of POST clock/advance.</summary>
    public sealed record AdvanceBody(double Seconds);
}
