namespace SoundBoxSim.Testing.Mosquitto;

/// <summary>How <see cref="MosquittoBroker.StartAsync"/> configures the broker.</summary>
public sealed record MosquittoBrokerOptions
{
    /// <summary>Whether clients may connect without a user name (config <c>allow_anonymous</c>). Default true.</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>User names and passwords written to a password file with <c>mosquitto_passwd</c>; none by default.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>Further config lines, appended as they are, e.g. <c>max_inflight_messages 1</c>.</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    /// <summary>How long the broker may take to say it is running before start fails with its log. Default 30 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
