using System.Globalization;
using System.Security.Cryptography;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>
/// The fake Speaker API's state and rules, apart from HTTP: partners and tokens, the devices, pairing sessions and
/// pairings, and notifications whose status follows the devices' real acknowledgements. One lock guards it all; what
/// goes to devices is sent after the lock is released.
/// </summary>
public sealed partial class SpeakerCloud
{
    private readonly Lock _sync = new();
    private readonly SpeakerApiOptions _options;
    private readonly TimeProvider _time;
    private readonly CloudLink _link;
    private readonly TokenStore _tokens;
    private readonly Dictionary<string, string> _secrets;

    /// <summary>Wires the rules to <paramref name="link"/> (not yet started).</summary>
    public SpeakerCloud(SpeakerApiOptions options, CloudLink link)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _link = link ?? throw new ArgumentNullException(nameof(link));
        _tokens = new TokenStore(_time, options.TokenLifetime);
        _secrets = options.Partners.ToDictionary(p => p.ClientId, p => p.ClientSecret, StringComparer.Ordinal);
        link.StatusReceived += Devices.Apply;
        link.AckReceived += OnAck;
        Devices.OnlineChanged += OnDeviceOnlineChanged;
        LoadPairings();
    }

    /// <summary>The options in force.</summary>
    public SpeakerApiOptions Options => _options;

    /// <summary>The devices the fake knows.</summary>
    public DeviceDirectory Devices { get; } = new();

    /// <summary>POST /token/create: a bearer token for HTTP Basic credentials.</summary>
    public (string Token, int TtlSeconds) CreateToken(string? clientId, string? clientSecret)
    {
        if (clientId is null || clientSecret is null || !_secrets.TryGetValue(clientId, out var secret)
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(clientSecret)))
        {
            throw TokenStore.Unauthorized("send HTTP Basic credentials: client_id as the user name, client_secret as the password");
        }

        return (_tokens.Issue(clientId), (int)_options.TokenLifetime.TotalSeconds);
    }

    /// <summary>The partner a bearer token belongs to; 401 otherwise.</summary>
    public string Authenticate(string? bearerToken) => _tokens.Validate(bearerToken);

    /// <summary>Forgets everything but the partners and the known devices: tokens, sessions, pairings, notifications.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _tokens.Clear();
            _sessions.Clear();
            _pairings.Clear();
            SavePairingsNeedsLock();
            foreach (var notification in _notifications.Values)
            {
                notification.Timer?.Dispose();
            }

            _notifications.Clear();
            _byCommand.Clear();
        }
    }

    /// <summary>SePay writes times without a zone, in Vietnam time: <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    private string LocalTime(DateTimeOffset time) =>
        time.ToOffset(_options.LocalOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private KnownDevice RequireDevice(string serial) => Devices.Find(serial)
        ?? throw new SpeakerApiException(404, "Không tìm thấy thiết bị", $"no device with hardwareId '{serial}'; check the serial printed on the device");

    private void Send(string serial, DeviceCommand command)
    {
        var sending = _link.SendAsync(serial, command);
        if (!sending.IsCompleted)
        {
            // Completion (the broker's PUBACK) is not awaited by the request; a failure is the retry timer's business.
            sending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private static string NewCommandId() => Guid.NewGuid().ToString("N");
}
