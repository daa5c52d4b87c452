using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using SoundBoxSim.Mqtt.Broker;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Cli.Commands;

/// <summary><c>sbsim broker</c>: the embedded MQTT 3.1.1 broker on its own, for Mosquitto's tools and other clients.</summary>
internal static class BrokerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 = any free port).", DefaultValueFactory = _ => 1883 };
        var bind = new Option<string>("--bind") { Description = "Address to listen on; 0.0.0.0 to accept other machines.", DefaultValueFactory = _ => "127.0.0.1" };
        var verbose = new Option<bool>("--verbose") { Description = "Also log per-packet detail." };
        var defaults = new MqttBrokerOptions();
        var queued = new Option<int>("--max-queued") { Description = "Messages queued per session before the oldest are dropped (and counted).", DefaultValueFactory = _ => defaults.MaxQueuedMessagesPerSession };
        var inflight = new Option<int>("--max-inflight") { Description = "Unacknowledged QoS 1/2 messages per session.", DefaultValueFactory = _ => defaults.MaxInflightMessagesPerSession };
        var command = new Command("broker", "Run the embedded MQTT 3.1.1 broker until Ctrl+C.") { port, bind, verbose, queued, inflight };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!IPAddress.TryParse(result.GetValue(bind), out var address))
            {
                await error.WriteLineAsync($"sbsim broker: --bind '{result.GetValue(bind)}' is not an IP address, e.g. 127.0.0.1");
                return SbsimCli.BadInput;
            }

            if (result.GetValue(port) is < 0 or > 65535)
            {
                await error.WriteLineAsync($"sbsim broker: --port {result.GetValue(port)} is not a TCP port (0-65535)");
                return SbsimCli.BadInput;
            }

            var minimum = result.GetValue(verbose) ? MqttLogLevel.Debug : MqttLogLevel.Information;
            var log = TextWriter.Synchronized(error);
            MqttBroker broker;
            try
            {
                broker = new MqttBroker(defaults with
                {
                    Bind = address,
                    Port = result.GetValue(port),
                    MaxQueuedMessagesPerSession = result.GetValue(queued),
                    MaxInflightMessagesPerSession = result.GetValue(inflight),
                    Log = (level, line) => { if (level >= minimum) { log.WriteLine($"{level.ToString().ToLowerInvariant()}: {line}"); } },
                });
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"sbsim broker: {ex.Message.ReplaceLineEndings(" ")}");
                return SbsimCli.BadInput;
            }

            await using var _ = broker;
            try
            {
                await broker.StartAsync(cancellationToken);
            }
            catch (SocketException ex)
            {
                await error.WriteLineAsync($"sbsim broker: cannot listen on {address}:{result.GetValue(port)}: {ex.Message} (is another broker running? try --port 0)");
                return SbsimCli.Failed;
            }

            await output.WriteLineAsync($"sbsim broker: MQTT 3.1.1 listening on {broker.LocalEndPoint}; Ctrl+C to stop");
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop cleanly and say what happened.
            }

            await output.WriteLineAsync($"sbsim broker: stopped. {broker.Metrics}");
            return 0;
        });
        return command;
    }
}
