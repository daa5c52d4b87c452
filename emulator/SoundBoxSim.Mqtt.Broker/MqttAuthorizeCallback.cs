namespace SoundBoxSim.Mqtt.Broker;

/// <summary>
/// A per-client topic ACL (see <see cref="MqttBrokerOptions.Authorize"/>): decides whether a client may publish to a
/// topic or subscribe to a filter. Called on the connection's read loop for every PUBLISH and every filter of a
/// SUBSCRIBE, so it should be cheap; it may be called from many threads at once.
/// </summary>
/// <param name="clientId">The client identifier of the connected client.</param>
/// <param name="userName">The user name it connected with, or <see langword="null"/>.</param>
/// <param name="topic">A topic name for <see cref="TopicAccess.Publish"/>, a topic filter (maybe with wildcards) for <see cref="TopicAccess.Subscribe"/>.</param>
/// <param name="access">Publish or subscribe.</param>
/// <returns><see langword="true"/> to allow.</returns>
/// <example>
/// A device may only use its own branch, <c>devices/{serial}/...</c>, where its client id is its serial:
/// <code>
/// Authorize = (clientId, _, topic, _) => topic.StartsWith($"devices/{clientId}/", StringComparison.Ordinal),
/// </code>
/// </example>
public delegate bool MqttAuthorizeCallback(string clientId, string? userName, string topic, TopicAccess access);
