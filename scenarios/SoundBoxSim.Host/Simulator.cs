using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoundBoxSim.Device;
using SoundBoxSim.Device.Fleet;
using SoundBoxSim.Device.Memory;
using SoundBoxSim.Host.Control;
using SoundBoxSim.Mqtt.Broker;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.SePay;
using SoundBoxSim.SpeakerApi.Cloud;
using SoundBoxSim.SpeakerApi.Http;
using SoundBoxSim.Voice;

namespace SoundBoxSim.Host;

/// <summary>
/// The whole simulator in one process: the embedded MQTT broker (or an external one), a fleet of emulated speakers,
/// the fake Speaker API and the control API on one HTTP port.
/// </summary>
public sealed class Simulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly WebApplication _sepayApp;
    private readonly MqttBroker? _broker;
    private readonly CloudLink _link;

    private Simulator(WebApplication app, WebApplication sepayApp, MqttBroker? broker, CloudLink link, DeviceFleet fleet, SpeakerCloud cloud, SePayBackend sepay, TimeProvider time, string mqtt)
    {
        _app = app;
        _sepayApp = sepayApp;
        SePay = sepay;
        _broker = broker;
        _link = link;
        Fleet = fleet;
        Cloud = cloud;
        Time = time;
        Mqtt = mqtt;
    }

    /// <summary>The emulated speakers.</summary>
    public DeviceFleet Fleet { get; }

    /// <summary>The fake Speaker API's state.</summary>
    public SpeakerCloud Cloud { get; }

    /// <summary>The fake SePay backend's state: bank ledger and webhooks.</summary>
    public SePayBackend SePay { get; }

    /// <summary>The fake SePay's OAuth2 server (management API tokens).</summary>
    public SePay.OAuth.OAuthServer OAuth { get; private init; } = null!;

    /// <summary>The webhook delivery engine and its log.</summary>
    public SePay.Webhooks.Engine.DeliveryEngine Deliveries { get; private init; } = null!;

    /// <summary>The reference partner, with <see cref="SimulatorOptions.Bridge"/>; else null.</summary>
    public Bridge.ReferencePartner? Bridge { get; private set; }

    /// <summary>The fake SePay backend's base URL (webhook API, OAuth, transactions API, QR images).</summary>
    public Uri SePayAddress { get; private set; } = null!;

    /// <summary>The simulator's clock (a <see cref="VirtualClock"/> with --clock virtual).</summary>
    public TimeProvider Time { get; }

    /// <summary>The HTTP base address, e.g. http://127.0.0.1:8080.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The Speaker API's base URL (ends in /devices/v1).</summary>
    public Uri SpeakerApi => new(BaseAddress, SpeakerApiEndpoints.BasePath);

    /// <summary>The control API's base URL (ends in /control/v1).</summary>
    public Uri Control => new(BaseAddress, ControlEndpoints.BasePath);

    /// <summary>Cancelled when the process is asked to stop (Ctrl+C, SIGTERM): the web host takes those signals.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>The broker the devices use, as mqtt://host:port.</summary>
    public string Mqtt { get; }

    /// <summary>The web host's services, for tests (e.g. the endpoints it maps).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Starts everything and returns once the servers listen and every device is online.</summary>
    public static async Task<Simulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        TimeProvider time = options.VirtualClock ? new VirtualClock(TimeProvider.System.GetUtcNow()) : TimeProvider.System;
        var log = options.Log;
        MqttLogger? mqttLog = log is null ? null : (level, line) =>
        {
            if (level >= MqttLogLevel.Warning)
            {
                log($"{level.ToString().ToLowerInvariant()}: {line}");
            }
        };

        MqttBroker? broker = null;
        Func<CancellationToken, Task<IMqttTransport>> connect;
        string mqtt;
        if (options.ExternalBroker is { } external)
        {
            var port = external.IsDefaultPort || external.Port < 0 ? 1883 : external.Port;
            connect = async token => await SocketTransport.ConnectAsync(external.Host, port, token);
            mqtt = $"mqtt://{external.Host}:{port}";
        }
        else
        {
            broker = new MqttBroker(new MqttBrokerOptions { Bind = IPAddress.Parse(options.Bind), Port = options.MqttPort, Log = mqttLog });
            await broker.StartAsync(cancellationToken);
            var inProcess = broker;
            connect = _ => Task.FromResult<IMqttTransport>(inProcess.ConnectInMemory());
            mqtt = $"mqtt://{Reachable(broker.LocalEndPoint!.Address)}:{broker.LocalEndPoint.Port}";
        }

        var link = new CloudLink(connect, time, mqttLog);
        var cloud = new SpeakerCloud(options.SpeakerApi with { TimeProvider = time }, link);
        await link.StartAsync(cancellationToken);

        var voice = SpeakerVoice.Create();
        var fleet = DeviceFleet.Create(new FleetOptions
        {
            SerialStart = options.SerialStart,
            Count = options.Devices,
            PowerOnRate = 0,
            ConnectTransport = connect,
            TimeProvider = time,
            Memory = options.DataFolder is { } folder ? new FileDeviceMemoryStore(Path.Combine(folder, "devices"), w => log?.Invoke($"warning: {w}")) : null,
            Configure = device => device with { BootTime = options.BootTime, SpeechTimeScale = options.SpeechTimeScale },
            Log = mqttLog,
        }, voice);
        foreach (var device in fleet.Devices)
        {
            cloud.Devices.Register(device.Serial, device.Model);
        }

        var sepay = new SePayBackend(options.SePay with
        {
            TimeProvider = time,
            StoreFile = options.SePay.StoreFile ?? (options.DataFolder is { } data ? Path.Combine(data, "sepay.db") : null),
        });
        var oauth = new SePay.OAuth.OAuthServer(options.SePay.OAuth with { TimeProvider = time });
        var deliveries = new SePay.Webhooks.Engine.DeliveryEngine(sepay, options.SePay.Delivery with { Log = options.SePay.Delivery.Log ?? log });
        var sepayApp = SePayHost.Build(sepay, oauth, IPAddress.Parse(options.Bind), options.SePayPort, log);

        var app = WebApps.Create(IPAddress.Parse(options.Bind), options.HttpPort);
        var simulator = new Simulator(app, sepayApp, broker, link, fleet, cloud, sepay, time, mqtt) { OAuth = oauth, Deliveries = deliveries };
        app.UseLastResortErrors("the simulator", log);
        app.UseSpeakerApiStatusPages();
        app.UseControlApiStatusPages();
        app.MapSpeakerApi(cloud);
        app.MapControlApi(simulator);
        app.MapOpenApiDocument();
        await app.StartAsync(cancellationToken);
        await sepayApp.StartAsync(cancellationToken);
        simulator.SePayAddress = ListeningAddress(sepayApp);
        deliveries.Start(); // pending deliveries kept in --data are attempted again
        simulator.BaseAddress = ListeningAddress(app);
        if (options.Bridge)
        {
            simulator.Bridge = await StartBridgeAsync(simulator, options, log, cancellationToken);
        }

        if (log is not null)
        {
            fleet.Activity += (device, activity) =>
            {
                if (Describe(device, activity) is { } line)
                {
                    log(line);
                }
            };
        }

        await fleet.PowerOnAllAsync(cancellationToken);
        if (time is VirtualClock clock)
        {
            clock.Advance(options.BootTime); // the boot happens on the virtual clock too
        }

        await fleet.WaitAllOnlineAsync(cancellationToken);
        return simulator;
    }

    /// <summary>Stops the servers and switches the devices off.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sepayApp.StopAsync();
        await _sepayApp.DisposeAsync();
        await Deliveries.DisposeAsync();
        if (Bridge is not null)
        {
            await Bridge.DisposeAsync();
        }

        SePay.Dispose();
        await Fleet.DisposeAsync();
        await _link.DisposeAsync();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    private static async Task<Bridge.ReferencePartner> StartBridgeAsync(Simulator simulator, SimulatorOptions options, Action<string>? log, CancellationToken cancellationToken)
    {
        var secret = "whsec_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var partner = options.SpeakerApi.Partners[0];
        string? SpeakerFor(string account)
        {
            var accounts = simulator.SePay.Ledger.Accounts;
            var devices = simulator.Fleet.Devices;
            var index = accounts.ToList().FindIndex(a => a.AccountNumber == account);
            return index >= 0 && index < devices.Count ? devices[index].Serial : null;
        }

        var bridge = await SoundBoxSim.Host.Bridge.ReferencePartner.StartAsync(simulator.SpeakerApi, secret, simulator.Time, SpeakerFor, partner.ClientId, partner.ClientSecret, log, cancellationToken);
        simulator.SePay.Webhooks.Create(new global::SoundBoxSim.SePay.Webhooks.Webhook
        {
            Name = "sbsim bridge (reference partner)",
            WebhookUrl = bridge.WebhookUrl.ToString(),
            AuthType = global::SoundBoxSim.SePay.Webhooks.WebhookAuthType.HmacSha256,
            SecretKey = secret,
            EventType = global::SoundBoxSim.SePay.Webhooks.WebhookEventType.InOnly,
        });
        return bridge;
    }

    private static Uri ListeningAddress(WebApplication app)
    {
        var listening = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new UriBuilder(listening) { Host = Reachable(IPAddress.Parse(listening.Host.Trim('[', ']'))) }.Uri;
    }

    // Listening on every interface (0.0.0.0, e.g. in a container) is not an address to call: name the loopback instead.
    private static string Reachable(IPAddress address) => address.Equals(IPAddress.Any) ? "127.0.0.1"
        : address.Equals(IPAddress.IPv6Any) ? "[::1]"
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static string? Describe(SpeakerDevice device, object activity) => activity switch
    {
        Device.Protocol.StateChangedEvent change => $"{device.Serial}: {change.From} -> {change.To} ({change.Trigger})",
        Device.Announcements.Announcement said => $"{device.Serial}: says \"{said.Text}\"",
        Device.Protocol.DeviceAck ack => $"{device.Serial}: ack {ack.Status.ToString().ToLowerInvariant()} {ack.Id}{(ack.Reason is { } r ? $" ({r})" : "")}",
        Device.Protocol.ButtonEvent button => $"{device.Serial}: button {button.Button} {button.Action}",
        ConnectionActivity connection => $"{device.Serial}: {connection.ToString().ToLowerInvariant()}",
        Device.Protocol.StaleDroppedEvent stale => $"{device.Serial}: dropped stale request {stale.RequestId}",
        _ => null, // announcement ends: the start was logged
    };
}
