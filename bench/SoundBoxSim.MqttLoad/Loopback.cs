using System.Net;

namespace SoundBoxSim.MqttLoad;

/// <summary>The generator only ever loads a broker on this machine: anything else is refused, not resolved.</summary>
internal static class Loopback
{
    public static IPAddress Resolve(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address) && !address.IsIPv4MappedToIPv6
            ? address
            : throw new ArgumentException($"--host '{host}' is not a loopback address (127.0.0.0/8, ::1 or localhost); refusing to load it.");
    }
}
