using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SoundBoxSim.Host;
using SoundBoxSim.SpeakerApi;

namespace SoundBoxSim.Cli.Commands;

/// <summary><c>sbsim up</c>: the whole simulator on embedded defaults, until Ctrl+C.</summary>
internal static class UpCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var devices = new Option<int>("--devices") { Description = "How many emulated speakers.", DefaultValueFactory = _ => 3 };
        var serialStart = new Option<string>("--serial-start") { Description = "The first serial; the others count up.", DefaultValueFactory = _ => "VNS52508000001" };
        var port = new Option<int>("--port") { Description = "HTTP port of the Speaker API and the control API (0 = any free port).", DefaultValueFactory = _ => 8080 };
        var sepayPort = new Option<int>("--sepay-port") { Description = "HTTP port of the fake SePay backend: webhook API, OAuth, transactions API, QR images (0 = any free port).", DefaultValueFactory = _ => 8081 };
        var mqttPort = new Option<int>("--mqtt-port") { Description = "Port of the embedded MQTT broker (0 = any free port).", DefaultValueFactory = _ => 1883 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on; 0.0.0.0 to accept other machines.", DefaultValueFactory = _ => "127.0.0.1" };
        var broker = new Option<string?>("--broker") { Description = "mqtt://HOST:PORT: use that broker instead of the embedded one." };
        var clock = new Option<string>("--clock") { Description = "system, or virtual (time moves only through POST /control/v1/clock/advance).", DefaultValueFactory = _ => "system" };
        var data = new Option<string?>("--data") { Description = "Folder that keeps pairings and device memory across restarts." };
        var endpoints = new Option<string?>("--endpoints-file") { Description = "Write the URLs, credentials and serials as JSON here when ready (for CI scripts)." };
        var partners = new Option<string[]>("--partner") { Description = "CLIENT_ID:CLIENT_SECRET of a partner (repeat for several; default sbsim-partner:sbsim-secret).", AllowMultipleArgumentsPerToken = false };
        var strict = new Option<bool>("--strict-pairing") { Description = "pair/request answers 409 unless the device's pairing button was held." };
        var bridge = new Option<bool>("--bridge") { Description = "Run the reference partner: SePay webhooks -> Speaker API notify, so a transfer makes the n-th account's paired speaker speak." };
        var quiet = new Option<bool>("--quiet") { Description = "No live log lines." };
        var speechScale = new Option<double>("--speech-scale") { Description = "Speaking time as a multiple of the audio's length; 0 for benchmarks.", DefaultValueFactory = _ => 1, Hidden = true };
        var command = new Command("up", "Start the whole simulator: MQTT broker, Speaker API fake, control API and emulated speakers.")
        {
            devices, serialStart, port, sepayPort, mqttPort, bind, broker, clock, data, endpoints, partners, strict, bridge, quiet, speechScale,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var stopwatch = Stopwatch.StartNew();
            if (Check(result, broker, clock, bind, partners) is { } problem)
            {
                await error.WriteLineAsync($"sbsim up: {problem}");
                return SbsimCli.BadInput;
            }

            var log = TextWriter.Synchronized(output);
            var credentials = (result.GetValue(partners) ?? []).Select(p => p.Split(':', 2)).Select(p => new PartnerCredentials(p[0], p[1])).ToList();
            var folder = result.GetValue(data);
            var speakerApi = new SpeakerApiOptions
            {
                StrictPairingMode = result.GetValue(strict),
                PairingsFile = folder is null ? null : Path.Combine(folder, "pairings.json"),
            };
            if (credentials.Count > 0)
            {
                speakerApi = speakerApi with { Partners = credentials };
            }

            Simulator simulator;
            try
            {
                if (folder is not null)
                {
                    Directory.CreateDirectory(folder);
                }

                simulator = await Simulator.StartAsync(new SimulatorOptions
                {
                    Devices = result.GetValue(devices),
                    SerialStart = result.GetValue(serialStart)!,
                    HttpPort = result.GetValue(port),
                    SePayPort = result.GetValue(sepayPort),
                    Bridge = result.GetValue(bridge),
                    MqttPort = result.GetValue(mqttPort),
                    Bind = result.GetValue(bind)!,
                    ExternalBroker = result.GetValue(broker) is { } uri ? new Uri(uri) : null,
                    VirtualClock = result.GetValue(clock) == "virtual",
                    DataFolder = folder,
                    SpeakerApi = speakerApi,
                    SpeechTimeScale = result.GetValue(speechScale),
                    Log = result.GetValue(quiet) ? null : line => log.WriteLine(line),
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                await error.WriteLineAsync($"sbsim up: {ex.Message.ReplaceLineEndings(" ")}");
                return SbsimCli.BadInput;
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                await error.WriteLineAsync($"sbsim up: cannot start: {ex.Message.ReplaceLineEndings(" ")} (is something else on the port? try --port 0 --mqtt-port 0)");
                return SbsimCli.Failed;
            }

            await using var _ = simulator;
            var serials = simulator.Fleet.Devices.Select(d => d.Serial).ToList();
            if (result.GetValue(endpoints) is { } file)
            {
                await WriteEndpointsAsync(file, simulator, speakerApi, serials, cancellationToken); // before the summary: "ready" means the file is there
            }

            await output.WriteLineAsync(
                $"""
                sbsim up: ready in {stopwatch.Elapsed.TotalSeconds:0.0} s ({(simulator.Time is VirtualClock ? "virtual" : "system")} clock)
                  Speaker API  {simulator.SpeakerApi}
                  control API  {simulator.Control}
                  SePay        {simulator.SePayAddress} (OAuth {string.Join(", ", simulator.OAuth.Options.Clients.Select(c => $"{c.ClientId}:{c.ClientSecret}"))}; API token {simulator.SePay.Options.UserApi.ApiTokens[0]})
                  MQTT         {simulator.Mqtt}
                  partners     {string.Join(", ", speakerApi.Partners.Select(p => $"{p.ClientId}:{p.ClientSecret}"))}
                  devices      {string.Join(", ", serials)}
                Ctrl+C to stop.
                """);
            await output.FlushAsync(cancellationToken);

            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, simulator.Stopping);
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop cleanly.
            }

            await output.WriteLineAsync("sbsim up: stopping");
            return 0;
        });
        return command;
    }

    private static string? Check(ParseResult result, Option<string?> broker, Option<string> clock, Option<string> bind, Option<string[]> partners)
    {
        if (result.GetValue(broker) is { } uri && !BrokerAddress.TryParse(uri, out var address, out var problem))
        {
            return problem;
        }

        if (result.GetValue(broker) == "embedded")
        {
            return "--broker takes mqtt://HOST:PORT; leave it out for the embedded broker";
        }

        if (result.GetValue(clock) is not ("system" or "virtual"))
        {
            return $"--clock '{result.GetValue(clock)}' is not a clock; use system or virtual";
        }

        if (!IPAddress.TryParse(result.GetValue(bind), out _))
        {
            return $"--bind '{result.GetValue(bind)}' is not an IP address, e.g. 127.0.0.1";
        }

        return (result.GetValue(partners) ?? []).FirstOrDefault(p => p.Split(':', 2) is not [{ Length: > 0 }, { Length: > 0 }]) is { } bad
            ? $"--partner '{bad}' is not CLIENT_ID:CLIENT_SECRET"
            : null;
    }

    private static async Task WriteEndpointsAsync(string file, Simulator simulator, SpeakerApiOptions speakerApi, List<string> serials, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            speakerApi = simulator.SpeakerApi.ToString(),
            control = simulator.Control.ToString(),
            mqtt = simulator.Mqtt,
            partners = speakerApi.Partners.Select(p => new { clientId = p.ClientId, clientSecret = p.ClientSecret }),
            devices = serials,
            sepay = simulator.SePayAddress.ToString().TrimEnd('/'),
            sepayOAuthClients = simulator.OAuth.Options.Clients.Select(c => new { clientId = c.ClientId, clientSecret = c.ClientSecret }),
            sepayApiTokens = simulator.SePay.Options.UserApi.ApiTokens,
            bankAccounts = simulator.SePay.Ledger.Accounts.Select(a => new { id = a.Id, accountNumber = a.AccountNumber, bank = a.Bank }),
        }, new JsonSerializerOptions { WriteIndented = true });
        var temporary = file + ".tmp";
        await File.WriteAllBytesAsync(temporary, json, cancellationToken);
        File.Move(temporary, file, overwrite: true); // appears whole: a script polling for it never reads half
    }
}
