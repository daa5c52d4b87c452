using System.Net;
using System.Text.Json;
using SoundBoxSim.MqttLoad;

namespace SoundBoxSim.ApiLoad;

/// <summary>
/// What <c>sbsim up --endpoints-file</c> wrote: the Speaker API and control API base URLs, the broker, the partners and
/// the serials. Every address must be on this machine's loopback: the tool loads nothing else.
/// </summary>
internal sealed record SimulatorEndpoints(Uri SpeakerApi, Uri Control, IPEndPoint Mqtt, string ClientId, string ClientSecret, IReadOnlyList<string> Devices)
{
    public static SimulatorEndpoints Read(string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ArgumentException($"--endpoints-file '{file}': {ex.Message.ReplaceLineEndings(" ")}");
        }

        using (document)
        {
            var root = document.RootElement;
            var speakerApi = HttpBase(root, "speakerApi", file);
            var control = HttpBase(root, "control", file);
            var mqtt = new Uri(Text(root, "mqtt", file));
            if (mqtt.Scheme != "mqtt" || mqtt.Port <= 0)
            {
                throw new ArgumentException($"{file}: mqtt '{mqtt}' is not mqtt://HOST:PORT.");
            }

            var partner = root.TryGetProperty("partners", out var partners) && partners.ValueKind == JsonValueKind.Array && partners.GetArrayLength() > 0
                ? partners[0]
                : throw new ArgumentException($"{file}: no partners.");
            var devices = root.TryGetProperty("devices", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(d => d.GetString() ?? "").Where(d => d.Length > 0).ToList()
                : [];
            if (devices.Count == 0)
            {
                throw new ArgumentException($"{file}: no devices.");
            }

            return new SimulatorEndpoints(speakerApi, control, new IPEndPoint(Loopback.Resolve(mqtt.Host), mqtt.Port),
                Text(partner, "clientId", file), Text(partner, "clientSecret", file), devices);
        }
    }

    /// <summary>The base URL with a trailing slash, so relative paths ("speaker/pair/check") append to it.</summary>
    private static Uri HttpBase(JsonElement root, string name, string file)
    {
        var uri = new Uri(Text(root, name, file));
        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"{file}: {name} '{uri}' is not an http:// URL.");
        }

        Loopback.Resolve(uri.Host); // throws for anything but loopback
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string Text(JsonElement element, string name, string file) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new ArgumentException($"{file}: '{name}' is missing.");
}
