using System.Globalization;

namespace SoundBoxSim.Cli.Commands;

/// <summary>A broker given on the command line: <c>mqtt://HOST[:PORT]</c>, or <c>embedded</c> for one in this process.</summary>
internal sealed record BrokerAddress(string Host, int Port, bool Embedded)
{
    public static bool TryParse(string text, out BrokerAddress address, out string error)
    {
        address = new BrokerAddress("", 0, true);
        error = "";
        if (text == "embedded")
        {
            return true;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "mqtt" || uri.Host.Length == 0
            || uri.AbsolutePath is not ("" or "/") || uri.UserInfo.Length > 0 || uri.Query.Length > 0)
        {
            error = $"--broker '{text}' is not a broker address; use mqtt://HOST:PORT (e.g. mqtt://127.0.0.1:1883) or embedded";
            return false;
        }

        address = new BrokerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 1883 : uri.Port, false);
        return true;
    }

    public override string ToString() => Embedded ? "embedded broker" : string.Create(CultureInfo.InvariantCulture, $"mqtt://{Host}:{Port}");
}
