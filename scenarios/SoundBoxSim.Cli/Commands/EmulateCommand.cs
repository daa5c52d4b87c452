using System.CommandLine;
using System.Diagnostics;
using SoundBoxSim.Device;
using SoundBoxSim.Device.Fleet;
using SoundBoxSim.Device.Memory;
using SoundBoxSim.Mqtt.Broker;
using SoundBoxSim.Mqtt.Diagnostics;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.Voice;

namespace SoundBoxSim.Cli.Commands;

/// <summary><c>sbsim emulate</c>: a fleet of emulated speakers against any broker (ours, Mosquitto, EMQX), until Ctrl+C.</summary>
internal static class EmulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var broker = new Option<string>("--broker") { Description = "mqtt://HOST:PORT, or embedded (a broker in this process, devices over memory).", DefaultValueFactory = _ => "mqtt://127.0.0.1:1883" };
        var devices = new Option<int>("--devices") { Description = $"How many devices (1-{DeviceFleet.MaxCount:N0}).", DefaultValueFactory = _ => 1 };
        var serialStart = new Option<string>("--serial-start") { Description = "The first serial; the others count up.", DefaultValueFactory = _ => "VNS52508000001" };
        var data = new Option<string?>("--data") { Description = "Folder for each device's memory (pairing, volume, played requestIds); default: kept in memory." };
        var rate = new Option<int>("--power-on-rate") { Description = "Devices switched on per second (0 = all at once).", DefaultValueFactory = _ => 2_000 };
        var speechScale = new Option<double>("--speech-scale") { Description = "Speaking time as a multiple of the audio's length; 0 for load tests.", DefaultValueFactory = _ => 1 };
        var port = new Option<int>("--port") { Description = "With --broker embedded: also listen for MQTT clients on 127.0.0.1:PORT (0 = no listener).", DefaultValueFactory = _ => 0 };
        var region = new Option<string>("--region") { Description = "Voice: north or south.", DefaultValueFactory = _ => "north" };
        var verbose = new Option<bool>("--verbose") { Description = "Print every device's state changes and announcements." };
        var command = new Command("emulate", "Run emulated SePay SoundBox speakers against an MQTT broker until Ctrl+C.")
        {
            broker, devices, serialStart, data, rate, speechScale, port, region, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!BrokerAddress.TryParse(result.GetValue(broker)!, out var address, out var problem))
            {
                await error.WriteLineAsync($"sbsim emulate: {problem}");
                return SbsimCli.BadInput;
            }

            if (result.GetValue(region) is not ("north" or "south"))
            {
                await error.WriteLineAsync($"sbsim emulate: --region '{result.GetValue(region)}' is not a region; use north or south");
                return SbsimCli.BadInput;
            }

            var log = TextWriter.Synchronized(output);
            MqttBroker? embedded = null;
            DeviceFleet fleet;
            try
            {
                if (address.Embedded)
                {
                    embedded = new MqttBroker(new MqttBrokerOptions { Port = result.GetValue(port) });
                }

                var scale = result.GetValue(speechScale);
                var voice = SpeakerVoice.Create(new VoiceOptions { Region = result.GetValue(region) == "south" ? Voice.Numbers.VietnameseRegion.South : Voice.Numbers.VietnameseRegion.North });
                fleet = DeviceFleet.Create(new FleetOptions
                {
                    SerialStart = result.GetValue(serialStart)!,
                    Count = result.GetValue(devices),
                    PowerOnRate = result.GetValue(rate),
                    ConnectTransport = embedded is { } inProcess
                        ? _ => Task.FromResult<IMqttTransport>(inProcess.ConnectInMemory())
                        : async token => await SocketTransport.ConnectAsync(address.Host, address.Port, token),
                    Memory = result.GetValue(data) is { } folder ? new FileDeviceMemoryStore(folder, warning => log.WriteLine($"warning: {warning}")) : null,
                    Configure = options => options with { SpeechTimeScale = scale },
                    Log = result.GetValue(verbose) ? (level, line) => log.WriteLine($"{level.ToString().ToLowerInvariant()}: {line}") : null,
                }, voice);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"sbsim emulate: {ex.Message.ReplaceLineEndings(" ")}");
                if (embedded is not null)
                {
                    await embedded.DisposeAsync();
                }

                return SbsimCli.BadInput;
            }

            await using var brokerLifetime = embedded;
            await using var fleetLifetime = fleet;
            if (embedded is not null && result.GetValue(port) != 0)
            {
                await embedded.StartAsync(cancellationToken);
            }

            if (result.GetValue(verbose))
            {
                fleet.Activity += (device, activity) => log.WriteLine($"{device.Serial}: {activity}");
            }

            var clock = Stopwatch.StartNew();
            await output.WriteLineAsync($"sbsim emulate: {fleet.Devices.Count:N0} devices ({fleet.Devices[0].Serial} to {fleet.Devices[^1].Serial}) against the {address}{(embedded?.LocalEndPoint is { } listening ? $", listening on {listening}" : "")}; Ctrl+C to stop");
            await output.FlushAsync(cancellationToken);
            try
            {
                await fleet.PowerOnAllAsync(cancellationToken);
                await fleet.WaitAllOnlineAsync(cancellationToken);

                // The start-up storm (every device rendering its power-on phrase, connecting) leaves a large heap of
                // garbage; give it back to the machine once, so a big idle fleet holds only what it uses.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                await output.WriteLineAsync($"sbsim emulate: all {fleet.Devices.Count:N0} devices online after {clock.Elapsed.TotalSeconds:0.0} s");
                await output.FlushAsync(cancellationToken);
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: switch everything off and say where things stood.
            }

            await output.WriteLineAsync($"sbsim emulate: stopping; {fleet.OnlineCount:N0} of {fleet.Devices.Count:N0} online after {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }
}
