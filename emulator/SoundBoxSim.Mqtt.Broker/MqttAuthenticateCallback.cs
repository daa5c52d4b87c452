using SoundBoxSim.Mqtt.Packets;

namespace SoundBoxSim.Mqtt.Broker;

/// <summary>
/// Decides whether a CONNECT is accepted (see <see cref="MqttBrokerOptions.Authenticate"/>). Called once per
/// CONNECT on the connection's read loop, so it should return quickly; it may be called from many threads at once.
/// </summary>
/// <param name="clientId">The client identifier; a generated one when the client sent an empty id.</param>
/// <param name="userName">The user name, or <see langword="null"/> when the client sent none.</param>
/// <param name="password">The password bytes, or <see langword="null"/> when the client sent none.</param>
/// <returns>
/// <see cref="ConnectReturnCode.Accepted"/> to accept; otherwise the refusal code the CONNACK carries, typically
/// <see cref="ConnectReturnCode.BadUserNameOrPassword"/> (0x04) or <see cref="ConnectReturnCode.NotAuthorized"/> (0x05).
/// </returns>
public delegate ConnectReturnCode MqttAuthenticateCallback(string clientId, string? userName, ReadOnlyMemory<byte>? password);
