using System.Globalization;

namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>
/// Drives the real mosquitto_pub and mosquitto_sub against any broker (Mosquitto or ours), so tests compare
/// our code with a reference implementation.
/// </summary>
public static class MosquittoClients
{
    /// <summary>Publishes one message with mosquitto_pub and waits for it to finish (at QoS 1 and 2, until acknowledged).</summary>
    /// <param name="host">The broker's address.</param>
    /// <param name="port">The broker's port.</param>
    /// <param name="topic">The topic.</param>
    /// <param name="message">The payload as text; empty sends a zero-length message.</param>
    /// <param name="options">Client id, QoS, retain, will and so on.</param>
    /// <param name="cancellationToken">Kills mosquitto_pub when cancelled.</param>
    /// <exception cref="InvalidOperationException">mosquitto_pub failed (e.g. refused); the message holds its output.</exception>
    public static async Task PublishAsync(
        string host, int port, string topic, string message, MosquittoPublishOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new MosquittoPublishOptions();
        var tool = ExternalTool.Require("mosquitto_pub", "mosquitto-clients");
        List<string> arguments = [.. CommonArguments(host, port, options), "-t", topic];
        arguments.AddRange(message.Length == 0 ? ["-n"] : ["-m", message]);
        if (options.Retain)
        {
            arguments.Add("-r");
        }

        (await ProcessRunner.RunAsync(tool, arguments, cancellationToken: cancellationToken))
            .EnsureSuccess($"mosquitto_pub -t {topic}");
    }

    /// <summary>
    /// Starts mosquitto_sub on <paramref name="topicFilter"/> and returns once the broker has acknowledged the
    /// subscription, so a message published afterwards is sure to arrive. mosquitto_sub exits by itself after
    /// <paramref name="count"/> messages (-C).
    /// </summary>
    /// <exception cref="InvalidOperationException">mosquitto_sub exited before subscribing; the message holds its output.</exception>
    public static async Task<MosquittoSubscription> StartSubscriberAsync(
        string host, int port, string topicFilter, int count, MosquittoSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        options ??= new MosquittoSubscribeOptions();
        var sub = ExternalTool.Require("mosquitto_sub", "mosquitto-clients");
        // mosquitto_sub flushes its output only per message; line buffering lets us see the SUBACK as it comes.
        var stdbuf = ExternalTool.Require("stdbuf", "coreutils");
        List<string> arguments =
        [
            "-oL", sub, .. CommonArguments(host, port, options), "-t", topicFilter,
            "-C", count.ToString(CultureInfo.InvariantCulture), "-d", "-F", MosquittoSubscription.Format,
        ];
        if (options.SkipRetained)
        {
            arguments.Add("-R");
        }

        var subscription = new MosquittoSubscription(ChildProcess.Start(stdbuf, arguments, new LineLog()), topicFilter, count);
        try
        {
            await subscription.WaitSubscribedAsync(cancellationToken);
            return subscription;
        }
        catch
        {
            await subscription.DisposeAsync();
            throw;
        }
    }

    /// <summary>Subscribes, collects <paramref name="count"/> messages and returns them (for messages already retained, or published by others).</summary>
    public static async Task<IReadOnlyList<MosquittoMessage>> SubscribeAsync(
        string host, int port, string topicFilter, int count, MosquittoSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        await using var subscription = await StartSubscriberAsync(host, port, topicFilter, count, options, cancellationToken);
        return await subscription.WaitAsync(cancellationToken);
    }

    private static List<string> CommonArguments(string host, int port, MosquittoClientOptions options)
    {
        if (!options.CleanSession && options.ClientId is null)
        {
            throw new ArgumentException("A persistent session (CleanSession = false) needs a ClientId.", nameof(options));
        }

        List<string> arguments =
        [
            "-h", host, "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv311",
            "-q", options.Qos.ToString(CultureInfo.InvariantCulture),
            "-k", options.KeepAliveSeconds.ToString(CultureInfo.InvariantCulture),
        ];
        if (options.ClientId is not null)
        {
            arguments.AddRange(["-i", options.ClientId]);
        }

        if (!options.CleanSession)
        {
            arguments.Add("-c");
        }

        if (options.Username is not null)
        {
            arguments.AddRange(["-u", options.Username]);
        }

        if (options.Password is not null)
        {
            arguments.AddRange(["-P", options.Password]);
        }

        if (options.Will is { } will)
        {
            arguments.AddRange(["--will-topic", will.Topic, "--will-qos", will.Qos.ToString(CultureInfo.InvariantCulture)]);
            if (will.Payload.Length > 0)
            {
                arguments.AddRange(["--will-payload", will.Payload]);
            }

            if (will.Retain)
            {
                arguments.Add("--will-retain");
            }
        }

        return arguments;
    }
}
