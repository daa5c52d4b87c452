using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundBoxSim.Device;
using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Fleet;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Broker;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.SpeakerApi.Cloud;
using SoundBoxSim.SpeakerApi.Http;
using SoundBoxSim.Testing;
using SoundBoxSim.Testing.Web;
using SoundBoxSim.Voice;

namespace SoundBoxSim.SpeakerApi.Tests.Support;

/// <summary>
/// The fake Speaker API as a partner meets it: real HTTP (Kestrel on 127.0.0.1, port 0), the cloud's MQTT link to our
/// embedded broker (in-memory transport), and a fleet of real emulated speakers, all on one virtual clock. A probe
/// client records every command the cloud sends to the devices. Waits are on events, never on sleeps.
/// </summary>
internal sealed class SpeakerApiRig : IAsyncDisposable
{
    public const string PartnerA = "pos-a";
    public const string SecretA = "secret-a-123";
    public const string PartnerB = "pos-b";
    public const string SecretB = "secret-b-456";
    public const string Serial1 = "VNS52508000001";
    public const string Serial2 = "VNS52508000002";
    public const string Serial3 = "VNS52508000003";

    /// <summary>A serial no device of the rig has, and the cloud never heard of.</summary>
    public const string UnknownSerial = "VNS52508999999";

    private static readonly Lazy<SpeakerVoice> s_voice = new(() => SpeakerVoice.Create());

    private readonly MqttBroker _broker;
    private readonly CloudLink _link;
    private readonly MqttClient _probe;
    private readonly ConcurrentQueue<(string Serial, DeviceCommand Command)> _commands = new();
    private WebApplication _app = null!;

    private SpeakerApiRig(ManualTimeProvider time, MqttBroker broker, CloudLink link, SpeakerCloud cloud, MqttClient probe, DeviceFleet fleet)
    {
        Time = time;
        _broker = broker;
        _link = link;
        Cloud = cloud;
        _probe = probe;
        Fleet = fleet;
    }

    public ManualTimeProvider Time { get; }

    public SpeakerCloud Cloud { get; }

    public DeviceFleet Fleet { get; }

    public Pulse Pulse { get; } = new();

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the server logged at Error or above (an unhandled exception in a handler shows here).</summary>
    public ConcurrentQueue<string> ServerErrors { get; } = new();

    /// <summary>Every command the cloud published to a device, in arrival order.</summary>
    public IReadOnlyList<(string Serial, DeviceCommand Command)> Commands => [.. _commands];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static SpeakerApiOptions DefaultOptions => new() { Partners = [new(PartnerA, SecretA), new(PartnerB, SecretB)] };

    /// <summary>Starts everything; returns once every device is online as far as the cloud knows.</summary>
    public static async Task<SpeakerApiRig> StartAsync(Func<SpeakerApiOptions, SpeakerApiOptions>? configure = null, int devices = 2)
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 23, 9, 0, 0, TimeSpan.Zero));
        var broker = new MqttBroker(new MqttBrokerOptions());
        Func<CancellationToken, Task<IMqttTransport>> connect = _ => Task.FromResult<IMqttTransport>(broker.ConnectInMemory());
        var options = (configure ?? (o => o))(DefaultOptions) with { TimeProvider = time };
        // The link's MQTT client (keep-alive pings, reconnect backoff) runs on real time: a virtual jump of minutes
        // would otherwise judge a ping's answer before the broker could send it. The cloud's rules use the virtual clock.
        var link = new CloudLink(connect, TimeProvider.System);
        var cloud = new SpeakerCloud(options, link);
        var probe = new MqttClient(new MqttClientOptions { ClientId = "test-probe", ConnectTransport = connect, KeepAlive = TimeSpan.Zero });
        var fleet = DeviceFleet.Create(new FleetOptions
        {
            Count = devices,
            PowerOnRate = 0,
            ConnectTransport = connect,
            TimeProvider = time,
            Configure = o => o with { KeepAlive = TimeSpan.Zero }, // virtual minutes pass in one step; pings would be judged on that clock
        }, s_voice.Value);
        var rig = new SpeakerApiRig(time, broker, link, cloud, probe, fleet);
        await rig.StartCoreAsync();
        return rig;
    }

    private async Task StartCoreAsync()
    {
        _probe.MessageReceived = (message, _) =>
        {
            if (DeviceTopics.TryParse(message.Topic, out var serial, out var kind) && kind == DeviceTopicKind.Commands
                && DeviceCommandCodec.Parse(message.Payload.Span).Command is { } command)
            {
                _commands.Enqueue((serial, command));
            }

            Pulse.Beat();
            return ValueTask.CompletedTask;
        };
        await _probe.ConnectAsync(Token);
        await _probe.SubscribeAsync(DeviceTopics.AllCommands, QualityOfService.AtLeastOnce, Token);

        _link.StatusReceived += _ => Pulse.Beat();
        _link.AckReceived += _ => Pulse.Beat(); // after the cloud's own handler: the cloud has seen it when waiters look
        Cloud.NotificationSettled += _ => Pulse.Beat();
        Cloud.PairingChanged += (_, _) => Pulse.Beat();
        Cloud.Devices.OnlineChanged += _ => Pulse.Beat();
        Fleet.Activity += (_, _) => Pulse.Beat();
        await _link.StartAsync(Token);
        foreach (var device in Fleet.Devices)
        {
            Cloud.Devices.Register(device.Serial, device.Model);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ServerErrorCollector(ServerErrors));
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseSpeakerApiStatusPages();
        _app.MapSpeakerApi(Cloud);
        await _app.StartAsync(Token);
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        await Fleet.PowerOnAllAsync(Token);
        await AdvanceUntilAsync(() => Fleet.Devices.All(d => Cloud.Devices.Find(d.Serial)?.Online == true), "every device online to the cloud");
    }

    public SpeakerDevice Device(string serial) => Fleet.Find(serial) ?? throw new ArgumentException($"no device {serial} in the rig", nameof(serial));

    public ApiClient Partner(string clientId = PartnerA, string? secret = null) =>
        new(this, clientId, secret ?? (clientId == PartnerA ? SecretA : SecretB));

    /// <summary>A partner with a fresh token.</summary>
    public async Task<ApiClient> PartnerWithTokenAsync(string clientId = PartnerA)
    {
        var partner = Partner(clientId);
        await partner.TokenAsync();
        return partner;
    }

    /// <summary>Sends a request and reads the whole answer.</summary>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Http.SendAsync(request, Token);
            var text = await response.Content.ReadAsStringAsync(Token);
            return new ApiResponse(
                (int)response.StatusCode,
                text,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.ToString(),
                string.Join(", ", response.Content.Headers.Allow));
        }
    }

    /// <summary>Waits (on events, without moving the clock) until <paramref name="condition"/> holds.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var next = Pulse.Next;
            if (condition())
            {
                return;
            }

            var remaining = TimeSpan.FromSeconds(30) - TimeProvider.System.GetElapsedTime(deadline);
            Assert.True(remaining > TimeSpan.Zero, $"waited 30 s of real time for {what}");
            await next.WaitAsync(remaining, Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Moves the virtual clock a step at a time until <paramref name="condition"/> holds: after each step it waits for
    /// the next event (a device's or the cloud's), or a brief quiet spell meaning nothing in flight will change the
    /// condition, before looking again. Fails after <paramref name="limit"/> of virtual time.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, string what, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var each = step ?? TimeSpan.FromMilliseconds(500);
        var max = limit ?? TimeSpan.FromMinutes(3);
        var advanced = TimeSpan.Zero;
        while (true)
        {
            var next = Pulse.Next;
            if (condition())
            {
                return;
            }

            var woke = await next.WaitAsync(TimeSpan.FromMilliseconds(20), Token).ContinueWith(static t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            if (!woke && !condition())
            {
                Assert.True(advanced < max, $"advanced {advanced} of virtual time waiting for {what}");
                Time.Advance(each);
                advanced += each;
            }
        }
    }

    /// <summary>The OTP the device spoke for <paramref name="sessionId"/>: the code in the cloud's command, once the device has started saying it.</summary>
    public async Task<string> SpokenOtpAsync(string serial, string sessionId)
    {
        OtpCommand? sent = null;
        Announcement? spoken = null;
        await AdvanceUntilAsync(() =>
        {
            sent ??= Commands.Select(c => c.Command).OfType<OtpCommand>().FirstOrDefault(c => c.SessionId == sessionId);
            spoken = sent is null ? null : Device(serial).Announcements().LastOrDefault(a => a.CommandId == sent.Id && a.StartedAt is not null);
            return spoken is not null;
        }, $"{serial} saying the OTP of session {sessionId}");
        Assert.Equal(sent!.Otp, spoken!.Otp);
        return spoken.Otp!;
    }

    /// <summary>Pairs <paramref name="serial"/> to <paramref name="partner"/> as a shop owner does: request, hear the OTP, verify; waits until the device knows.</summary>
    public async Task PairAsync(ApiClient partner, string serial)
    {
        var session = await partner.RequestPairingAsync(serial);
        var otp = await SpokenOtpAsync(serial, session);
        var verified = await partner.PostAsync("speaker/pair/verify", new { hardwareId = serial, session_id = session, otp });
        Assert.True(Envelope.AssertOk(verified).GetProperty("isPaired").GetBoolean());
        await WaitUntilAsync(() => Device(serial).Snapshot().Partner == partner.ClientId, $"{serial} paired on the device");
    }

    /// <summary>Cuts the device's 4G signal and waits until the cloud has heard its Will.</summary>
    public async Task TakeOfflineAsync(string serial)
    {
        Device(serial).SetSignal(0);
        await WaitUntilAsync(() => Cloud.Devices.Find(serial)?.Online == false, $"{serial} offline to the cloud");
    }

    /// <summary>Commands of type <typeparamref name="T"/> the cloud sent to <paramref name="serial"/>.</summary>
    public IReadOnlyList<T> CommandsTo<T>(string serial)
        where T : DeviceCommand => [.. Commands.Where(c => c.Serial == serial).Select(c => c.Command).OfType<T>()];

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await Fleet.DisposeAsync();
        await _probe.DisposeAsync();
        await _link.DisposeAsync();
        await _broker.DisposeAsync();
    }
}

/// <summary>Wakes waiters whenever something happens (a device activity, a cloud event, a command on the wire); they then re-check.</summary>
internal sealed class Pulse
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Next => Volatile.Read(ref _next).Task;

    public void Beat() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
