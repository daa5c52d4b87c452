namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>A last-will message: the broker publishes it when the client disappears without DISCONNECT.</summary>
/// <param name="Topic">--will-topic.</param>
/// <param name="Payload">--will-payload; empty sends a zero-length will.</param>
/// <param name="Qos">--will-qos, 0 to 2.</param>
/// <param name="Retain">--will-retain.</param>
public sealed record MosquittoWill(string Topic, string Payload = "", int Qos = 0, bool Retain = false);

/// <summary>The connection settings mosquitto_pub and mosquitto_sub share. Both speak MQTT 3.1.1 here.</summary>
public record MosquittoClientOptions
{
    /// <summary>-i; the tool picks one when null. Required when <see cref="CleanSession"/> is false.</summary>
    public string? ClientId { get; init; }

    /// <summary>false adds -c: the broker keeps the session after the client leaves. Default true.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>-k, in seconds. Default 60.</summary>
    public int KeepAliveSeconds { get; init; } = 60;

    /// <summary>-u; null connects anonymously.</summary>
    public string? Username { get; init; }

    /// <summary>-P.</summary>
    public string? Password { get; init; }

    /// <summary>The will options, or null for none.</summary>
    public MosquittoWill? Will { get; init; }

    /// <summary>QoS of the message (publish) or of the subscription (subscribe), 0 to 2. Default 0.</summary>
    public int Qos { get; init; }
}

/// <summary>mosquitto_pub settings.</summary>
public sealed record MosquittoPublishOptions : MosquittoClientOptions
{
    /// <summary>-r: the broker keeps the message for later subscribers.</summary>
    public bool Retain { get; init; }
}

/// <summary>mosquitto_sub settings.</summary>
public sealed record MosquittoSubscribeOptions : MosquittoClientOptions
{
    /// <summary>-R: ignore retained messages delivered on subscribe.</summary>
    public bool SkipRetained { get; init; }
}

/// <summary>A message mosquitto_sub received.</summary>
/// <param name="Topic">The topic it was published to.</param>
/// <param name="Payload">The payload bytes.</param>
/// <param name="Qos">The QoS it was delivered with.</param>
/// <param name="Retained">Whether it came from the broker's retained store.</param>
public sealed record MosquittoMessage(string Topic, byte[] Payload, int Qos, bool Retained)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}
