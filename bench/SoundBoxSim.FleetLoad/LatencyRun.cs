using System.Diagnostics;
using SoundBoxSim.Device;
using SoundBoxSim.Device.Announcements;
using SoundBoxSim.Device.Fleet;
using SoundBoxSim.Device.Memory;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;
using SoundBoxSim.MqttLoad;
using SoundBoxSim.Voice;

namespace SoundBoxSim.FleetLoad;

/// <summary>
/// Paired devices (speech taking no time) and one commander publishing announce commands at a fixed rate. Two
/// latencies per command, both on this process's stopwatch: published -> the device starts playing it (the goal),
/// and published -> its "started" ack is back at the commander (the cloud's view, one more broker hop).
/// </summary>
internal static class LatencyRun
{
    private const string Partner = "fleetload";

    public static async Task<FleetLoadReport> RunAsync(FleetLoadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var memory = new InMemoryDeviceMemoryStore();
        foreach (var serial in DeviceSerial.Range(DeviceSerial.Parse("VNS52508000001"), options.Devices))
        {
            memory.Save(serial.ToString(), new DeviceMemory(Partner, 3, []));
        }

        var fleetOptions = new FleetOptions
        {
            Count = options.Devices,
            ConnectTransport = async token => await SocketTransport.ConnectAsync(options.Broker, token),
            Memory = memory,
            Configure = device => device with { SpeechTimeScale = 0 },
        };
        await using var fleet = DeviceFleet.Create(fleetOptions, SpeakerVoice.Create(new VoiceOptions()));
        var total = checked((int)(options.Rate * (options.Warmup + options.Duration).TotalSeconds));
        var measured = new Measurements(total, (int)(options.Rate * options.Warmup.TotalSeconds));
        var ready = new ReadySet(fleet.Devices.Count);
        fleet.Activity += (device, activity) =>
        {
            switch (activity)
            {
                case StateChangedEvent { To: nameof(DeviceState.Ready) }:
                    ready.Add(device.Serial);
                    break;
                case Announcement { CommandId: { } id }:
                    measured.StartedOnDevice(id);
                    break;
                case DeviceAck { Status: DeviceAckStatus.Failed } ack:
                    measured.Failed(ack.Id);
                    break;
            }
        };

        progress.WriteLine($"sbsim-fleetload: {options.Devices:N0} paired devices connecting to {options.BrokerName}...");
        await fleet.PowerOnAllAsync(cancellationToken);
        await fleet.WaitAllOnlineAsync(cancellationToken);
        await ready.WaitAsync(cancellationToken);

        await using var commander = new MqttClient(new MqttClientOptions
        {
            ClientId = "fleetload-commander",
            ConnectTransport = async token => await SocketTransport.ConnectAsync(options.Broker, token),
            MaxInflight = 65_535,
        });
        commander.MessageReceived = (message, _) =>
        {
            if (DeviceEventCodec.ReadAck(message.Payload.ToArray()) is { Status: DeviceAckStatus.Started } ack)
            {
                measured.StartedAckReceived(ack.Id);
            }

            return ValueTask.CompletedTask;
        };
        await commander.ConnectAsync(cancellationToken);
        await commander.SubscribeAsync(DeviceTopics.AllOf(DeviceTopicKind.Acks), QualityOfService.AtLeastOnce, cancellationToken);

        progress.WriteLine($"sbsim-fleetload: all ready; {options.Rate:N0} commands/s for {options.Warmup.TotalSeconds:0} s of warm-up, then {options.Duration.TotalSeconds:0} s measured");
        var publishFailures = await CommandAsync(commander, fleet, options.Rate, measured, cancellationToken);
        var drained = await measured.WaitAllStartedAsync(options.Drain, cancellationToken);
        return FleetLoadReport.From(options, measured, publishFailures, drained);
    }

    /// <summary>Publishes command n when its time (n / rate after the start) has come, without waiting for PUBACKs.</summary>
    private static async Task<int> CommandAsync(MqttClient commander, DeviceFleet fleet, int rate, Measurements measured, CancellationToken cancellationToken)
    {
        var failures = 0;
        var start = Stopwatch.GetTimestamp();
        for (var n = 0; n < measured.Total;)
        {
            var due = (int)Math.Min(measured.Total, (Stopwatch.GetTimestamp() - start) * rate / Stopwatch.Frequency + 1);
            for (; n < due; n++)
            {
                var serial = fleet.Devices[n % fleet.Devices.Count].Serial;
                var command = new AnnounceCommand(Measurements.IdOf(n), $"r{n}", 150_000 + (n % 1000), TimeProvider.System.GetUtcNow());
                var payload = DeviceCommandCodec.Write(command);
                measured.Sending(n);
                var publish = commander.PublishAsync(DeviceTopics.Commands(serial), payload, QualityOfService.AtLeastOnce, cancellationToken: cancellationToken);
                _ = publish.ContinueWith(_ => Interlocked.Increment(ref failures), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken);
        }

        return Volatile.Read(ref failures);
    }

    /// <summary>Completes when every device has been Ready once (paired and online, its power-on phrase said).</summary>
    private sealed class ReadySet(int count)
    {
        private readonly HashSet<string> _serials = new(StringComparer.Ordinal);
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(string serial)
        {
            lock (_serials)
            {
                if (_serials.Add(serial) && _serials.Count == count)
                {
                    _all.TrySetResult();
                }
            }
        }

        public Task WaitAsync(CancellationToken cancellationToken) => _all.Task.WaitAsync(cancellationToken);
    }
}
