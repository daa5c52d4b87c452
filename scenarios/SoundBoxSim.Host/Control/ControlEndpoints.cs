using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.Device;
using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.Host.Control;

/// <summary>
/// The control API (<c>/control/v1</c>) for tests, scenarios and the dashboard: the devices and what they said, their
/// buttons, mains, battery and signal, the clock, and a reset. <c>GET /devices</c> and
/// <c>GET /devices/{serial}/announcements</c> are fixed: partner scripts rely on them. Errors use the Speaker API's
/// envelope (<c>code</c>, <c>message</c>, <c>data: null</c>, <c>error</c>).
/// </summary>
public static class ControlEndpoints
{
    /// <summary>The base path.</summary>
    public const string BasePath = "/control/v1";

    private const int MaxModelLength = 32;

    /// <summary>Answers unknown control routes and wrong methods in the envelope rather than with an empty body.</summary>
    public static IApplicationBuilder UseControlApiStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Request.Path.StartsWithSegments(BasePath) && http.Response.ContentLength is null && !http.Response.HasStarted)
            {
                var status = http.Response.StatusCode;
                await ControlJson.WriteErrorAsync(http, status, status switch
                {
                    404 => $"no endpoint {http.Request.Path}; GET /openapi.yaml documents the control API",
                    405 => $"{http.Request.Method} is not allowed on {http.Request.Path}; GET /openapi.yaml documents the control API",
                    _ => $"the request failed with status {status}",
                });
            }
        });

    /// <summary>Maps the control API for <paramref name="simulator"/>.</summary>
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app, Simulator simulator)
    {
        var api = app.MapGroup(BasePath);
        api.MapGet("/devices", () => ControlJson.Ok(simulator.Fleet.Devices.Select(DeviceJson)));
        api.MapPost("/devices", (HttpRequest request) => ControlJson.Handle(() => AddDeviceAsync(simulator, request)));
        api.MapGet("/devices/{serial}", (string serial) => ControlJson.Handle(() => ControlJson.Ok(DeviceJson(Device(simulator, serial)))));
        api.MapDelete("/devices/{serial}", (string serial) => ControlJson.Handle(() => RemoveDeviceAsync(simulator, serial)));
        api.MapGet("/devices/{serial}/announcements", (string serial, HttpRequest request) => ControlJson.Handle(() =>
        {
            var device = Device(simulator, serial);
            return ControlJson.Ok(device.Announcements().Select(a => AnnouncementJson(request, device, a)));
        }));
        api.MapGet("/devices/{serial}/announcements/{sequence:long}.wav", (string serial, long sequence, CancellationToken token) => ControlJson.Handle(async () =>
        {
            var device = Device(simulator, serial);
            var announcement = device.Announcements().FirstOrDefault(a => a.Sequence == sequence)
                ?? throw new ControlException(404, $"device {serial} has no announcement {sequence}; GET {BasePath}/devices/{serial}/announcements lists them");
            return Results.File(await device.RenderWavAsync(announcement, token), "audio/wav", $"{serial}-{sequence}.wav");
        }));
        api.MapPost("/devices/{serial}/buttons/{button}", (string serial, string button, string? action) => ControlJson.Handle(() =>
        {
            var device = Device(simulator, serial);
            Press(device, button, action ?? "press")();
            return ControlJson.Ok(DeviceJson(device));
        }));
        api.MapPut("/devices/{serial}/mains", (string serial, HttpRequest request) => ControlJson.Handle(async () =>
        {
            var device = Device(simulator, serial);
            var body = await ControlJson.ReadAsync<MainsBody>(request, """{"connected":false}""");
            device.SetMains(body.Connected);
            return ControlJson.Ok(DeviceJson(device));
        }));
        api.MapPut("/devices/{serial}/battery", (string serial, HttpRequest request) => ControlJson.Handle(async () =>
        {
            var device = Device(simulator, serial);
            var body = await ControlJson.ReadAsync<BatteryBody>(request, """{"percent":20}""");
            Require(body.Percent is >= 0 and <= 100, "percent must be from 0 to 100");
            device.SetBatteryPercent(body.Percent);
            return ControlJson.Ok(DeviceJson(device));
        }));
        api.MapPut("/devices/{serial}/signal", (string serial, HttpRequest request) => ControlJson.Handle(async () =>
        {
            var device = Device(simulator, serial);
            var body = await ControlJson.ReadAsync<SignalBody>(request, """{"bars":0}""");
            Require(body.Bars is >= 0 and <= 5, "bars must be from 0 (no network) to 5");
            Require(body.LatencyMs is null or (>= 0 and <= 60_000), "latencyMs must be from 0 to 60000");
            Require(body.Loss is null or (>= 0 and <= 1), "loss must be from 0 to 1 (a fraction of packets)");
            device.SetLinkImpairment(TimeSpan.FromMilliseconds(body.LatencyMs ?? 0), body.Loss ?? 0);
            device.SetSignal(body.Bars);
            return ControlJson.Ok(DeviceJson(device));
        }));
        api.MapBankControl(simulator.SePay);
        api.MapWebhookControl(simulator.Deliveries);
        api.MapGet("/clock", () => ControlJson.Ok(ClockJson(simulator.Time)));
        api.MapPost("/clock/advance", (HttpRequest request) => ControlJson.Handle(async () =>
        {
            if (simulator.Time is not VirtualClock clock)
            {
                throw new ControlException(409, "the clock is the system clock; start with --clock virtual to drive it");
            }

            var body = await ControlJson.ReadAsync<AdvanceBody>(request, """{"seconds":60}""");
            Require(body.Seconds is >= 0 and <= 366 * 86_400, "seconds must be from 0 to 31622400 (366 days)");
            clock.Advance(TimeSpan.FromSeconds(body.Seconds));
            return ControlJson.Ok(ClockJson(clock));
        }));
        api.MapPost("/reset", () =>
        {
            foreach (var device in simulator.Fleet.Devices)
            {
                simulator.Cloud.Unpair(device.Serial);
                device.ClearHistory();
            }

            simulator.Cloud.Reset();
            simulator.Deliveries.Clear();
            simulator.SePay.Reset();
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<IResult> AddDeviceAsync(Simulator simulator, HttpRequest request)
    {
        var body = await ControlJson.ReadAsync<AddDeviceBody>(request, """{"serial":"VNS52508000100","model":"S5 Plus"}""");
        Require(body.Model is null || (body.Model.Length is > 0 and <= MaxModelLength && !body.Model.Any(char.IsControl)),
            $"model must be 1 to {MaxModelLength} printable characters");
        Require(body.Battery is null or (>= 0 and <= 100), "battery must be from 0 to 100");
        string serial;
        try
        {
            serial = DeviceSerial.Parse(body.Serial).ToString();
        }
        catch (FormatException error)
        {
            throw new ControlException(400, $"serial: {error.Message}");
        }

        if (simulator.Fleet.Find(serial) is not null || simulator.Cloud.Devices.Find(serial) is not null)
        {
            throw new ControlException(409, $"device {serial} already exists; DELETE {BasePath}/devices/{serial} first or pick another serial");
        }

        SpeakerDevice device;
        try
        {
            device = simulator.Fleet.Add(serial, o => o with
            {
                Model = body.Model ?? o.Model,
                BatteryPercent = body.Battery ?? o.BatteryPercent,
                MainsConnected = body.Mains ?? o.MainsConnected,
            });
        }
        catch (ArgumentException error)
        {
            throw new ControlException(409, error.Message); // added meanwhile, or the fleet is full
        }

        simulator.Cloud.Devices.Register(device.Serial, device.Model);
        if (body.PowerOn ?? true)
        {
            device.PowerOn();
        }

        return Results.Json(DeviceJson(device), ControlJson.Options, statusCode: 201);
    }

    private static async Task<IResult> RemoveDeviceAsync(Simulator simulator, string serial)
    {
        Device(simulator, serial);
        simulator.Cloud.Unpair(serial);
        if (!await simulator.Fleet.RemoveAsync(serial, forget: true))
        {
            throw new ControlException(404, $"no device '{serial}'"); // removed meanwhile
        }

        simulator.Cloud.Devices.Remove(serial);
        return Results.NoContent();
    }

    private static SpeakerDevice Device(Simulator simulator, string serial) =>
        simulator.Fleet.Find(serial) ?? throw new ControlException(404, $"no device '{serial}'; GET {BasePath}/devices lists them");

    private static Action Press(SpeakerDevice device, string button, string action) => (button, action) switch
    {
        ("power", "press") => device.PressPower,
        ("power", "hold") => device.HoldPower,
        ("volumeUp", "press") => device.PressVolumeUp,
        ("volumeDown", "press") => device.PressVolumeDown,
        ("pairing", "hold") => device.HoldPairing,
        ("replay", "press") => device.PressReplay,
        _ => throw new ControlException(400,
            $"no button '{button}' with action '{action}'; use power (press|hold), volumeUp, volumeDown, pairing (hold), replay"),
    };

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ControlException(400, problem);
        }
    }

    private static object ClockJson(TimeProvider time) =>
        new { now = time.GetUtcNow(), mode = time is VirtualClock ? "virtual" : "system" };

    private static object DeviceJson(SpeakerDevice device)
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
}
