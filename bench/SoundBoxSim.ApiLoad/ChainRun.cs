using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SoundBoxSim.Device.Protocol;
using SoundBoxSim.Mqtt.Client;
using SoundBoxSim.Mqtt.Packets;
using SoundBoxSim.Mqtt.Transport;

namespace SoundBoxSim.ApiLoad;

/// <summary>
/// The whole chain against a running simulator: an MQTT observer on its broker first, then the devices paired, then
/// notifies at a fixed rate (open loop: notify n is sent when n / rate seconds have passed, whatever the answers), then
/// a drain until every notify is played, then check_notify.
/// </summary>
internal static class ChainRun
{
    private const int CheckParallel = 8;

    public static async Task<ChainReport> RunAsync(ApiLoadOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var endpoints = SimulatorEndpoints.Read(options.EndpointsFile);
        if (options.Devices > endpoints.Devices.Count)
        {
            throw new ArgumentException($"--devices {options.Devices}: the simulator has only {endpoints.Devices.Count} devices.");
        }

        var serials = endpoints.Devices.Take(options.Devices ?? endpoints.Devices.Count).ToList();
        var run = "al" + RandomNumberGenerator.GetHexString(6, lowercase: true); // new requestIds on every run against the same simulator
        var measured = new ChainMeasurements(options.Total, options.WarmupCount, run);

        using var api = new SpeakerApiClient(endpoints, options.Connections);
        await api.CreateTokenAsync(cancellationToken);

        // Subscribed before anything is sent: every device's acks, as the simulator's own cloud link hears them.
        await using var observer = new MqttClient(new MqttClientOptions
        {
            ClientId = $"sbsim-apiload-{run}",
            ConnectTransport = async token => await SocketTransport.ConnectAsync(endpoints.Mqtt, token),
            KeepAlive = TimeSpan.FromSeconds(60),
            AutoReconnect = false, // a lost observer would lose acks: the run is then reported as lossy, not patched up
        });
        observer.MessageReceived = (message, _) =>
        {
            var receivedAt = Stopwatch.GetTimestamp();
            if (DeviceEventCodec.ReadAck(message.Payload.Span) is { } ack)
            {
                measured.Ack(ack, receivedAt);
            }

            return ValueTask.CompletedTask;
        };
        await observer.ConnectAsync(cancellationToken);
        await observer.SubscribeAsync(DeviceTopics.AllAcks, QualityOfService.AtLeastOnce, cancellationToken);

        progress.WriteLine($"sbsim-apiload: pairing {serials.Count} devices at {endpoints.SpeakerApi}...");
        var pairingTime = Stopwatch.StartNew();
        var newlyPaired = await Pairing.PairAllAsync(api, serials, cancellationToken);
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sbsim-apiload: {newlyPaired} paired now, {serials.Count - newlyPaired} already, in {pairingTime.Elapsed.TotalSeconds:0.0} s; " +
            $"{options.Rate} notifies/s for {options.Warmup.TotalSeconds:0.#} s of warm-up, then {options.Duration.TotalSeconds:0.#} s measured"));

        await NotifyAsync(api, serials, options.Rate, measured, cancellationToken);
        var drained = await WaitSettledAsync(measured, options.Drain, cancellationToken);
        progress.WriteLine(drained ? "sbsim-apiload: every notify answered and played; check_notify..." : $"sbsim-apiload: not all played within {options.Drain.TotalSeconds:0} s; check_notify...");
        var check = await CheckNotifyAsync(api, measured, options.CheckNotify, cancellationToken);
        return ChainReport.From(options, serials.Count, measured.Results(), check, drained, measured.FirstProblem ?? check.FirstProblem);
    }

    /// <summary>Sends notify n at start + n / rate, without waiting for answers; returns once all are sent.</summary>
    private static async Task NotifyAsync(SpeakerApiClient api, IReadOnlyList<string> serials, int rate, ChainMeasurements measured, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        for (var n = 0; n < measured.Total;)
        {
            var due = (int)Math.Min(measured.Total, ((Stopwatch.GetTimestamp() - start) * rate / Stopwatch.Frequency) + 1);
            for (; n < due; n++)
            {
                var serial = serials[n % serials.Count];
                var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $$"""{"hardwareId":"{{serial}}","amount":{{150_000 + (n % 1000)}},"requestId":"{{measured.RequestId(n)}}"}"""));
                measured.Sending(n, start + (n * Stopwatch.Frequency / rate));
                _ = NotifyOneAsync(api, n, body, measured, cancellationToken); // records its own answer; the drain waits for it
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, cancellationToken);
        }
    }

    private static async Task NotifyOneAsync(SpeakerApiClient api, int n, byte[] body, ChainMeasurements measured, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await api.SendAsync("speaker/transactions/notify", body, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var ok = (int)response.StatusCode == 200 && IsSent(bytes);
            measured.Answered(n, ok, ok ? null : $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            measured.Answered(n, false, ex.Message);
        }
    }

    private static bool IsSent(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("status", out var status) && status.ValueEquals("SENT"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitSettledAsync(ChainMeasurements measured, TimeSpan drain, CancellationToken cancellationToken)
    {
        var since = TimeProvider.System.GetTimestamp();
        while (!measured.Settled())
        {
            if (TimeProvider.System.GetElapsedTime(since) > drain)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// check_notify for <paramref name="count"/> notifies spread evenly over all sent (all when null). The cloud
    /// settles on the same "played" ack the observer saw, so a PENDING is asked again a few times before it counts.
    /// </summary>
    private static async Task<CheckNotifyResult> CheckNotifyAsync(SpeakerApiClient api, ChainMeasurements measured, int? count, CancellationToken cancellationToken)
    {
        var sent = measured.SentCount;
        var k = Math.Min(count ?? sent, sent);
        var counts = new int[4]; // SUCCESS, PENDING, FAILED, anything else
        string? first = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, k), new ParallelOptions { MaxDegreeOfParallelism = CheckParallel, CancellationToken = cancellationToken }, async (i, token) =>
        {
            var requestId = measured.RequestId((int)((long)i * sent / k));
            for (var attempt = 0; ; attempt++)
            {
                var (status, body) = await api.PostAsync("speaker/transactions/check_notify", new { requestId }, token);
                var state = status == 200 ? body.GetProperty("data").GetProperty("status").GetString() : null;
                if (state == "PENDING" && attempt < 10)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, token);
                    continue;
                }

                Interlocked.Increment(ref counts[state switch { "SUCCESS" => 0, "PENDING" => 1, "FAILED" => 2, _ => 3 }]);
                if (state != "SUCCESS")
                {
                    Interlocked.CompareExchange(ref first, $"check_notify {requestId}: {status} {body}", null);
                }

                return;
            }
        });
        return new CheckNotifyResult(k, counts[0], counts[1], counts[2], counts[3], first);
    }
}

/// <summary>How the notifies checked at the end stood.</summary>
internal sealed record CheckNotifyResult(int Checked, int Success, int Pending, int Failed, int Errors, [property: System.Text.Json.Serialization.JsonIgnore] string? FirstProblem);
