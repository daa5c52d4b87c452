using System.Security.Cryptography;
using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>A device's pairing to one partner.</summary>
public sealed record Pairing(string Serial, string Partner, DateTimeOffset PairedAt);

/// <summary>What pair/check and pair/request answer.</summary>
public sealed record DeviceView(string HardwareId, string Model, bool IsPaired, bool Online, string? SessionId = null, string? PairedTime = null);

public sealed partial class SpeakerCloud
{
    private readonly Dictionary<string, PairingSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pairing> _pairings = new(StringComparer.Ordinal);

    private void LoadPairings()
    {
        if (_options.PairingsFile is not { } file || !File.Exists(file))
        {
            return;
        }

        try
        {
            foreach (var pairing in System.Text.Json.JsonSerializer.Deserialize<List<Pairing>>(File.ReadAllBytes(file)) ?? [])
            {
                _pairings[pairing.Serial] = pairing;
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidOperationException($"{file} is not a pairings file ({ex.Message}); fix or delete it.", ex);
        }
    }

    private void SavePairingsNeedsLock()
    {
        if (_options.PairingsFile is { } file)
        {
            var temporary = file + ".tmp";
            File.WriteAllBytes(temporary, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_pairings.Values.ToList()));
            File.Move(temporary, file, overwrite: true);
        }
    }

    /// <summary>Raised when a device is paired or unpaired (partner null).</summary>
    public event Action<string, string?>? PairingChanged;

    /// <summary>The pairing of <paramref name="serial"/>, whoever the partner (for the control API).</summary>
    public Pairing? PairingOf(string serial)
    {
        lock (_sync)
        {
            return _pairings.GetValueOrDefault(serial);
        }
    }

    /// <summary>POST /speaker/pair/check.</summary>
    public DeviceView Check(string partner, string serial)
    {
        lock (_sync)
        {
            var device = RequireDevice(serial);
            var paired = VisiblePairing(partner, serial);
            return new DeviceView(serial, device.Model, paired is not null, device.Online);
        }
    }

    /// <summary>POST /speaker/pair/request: the device speaks a fresh OTP; the session lasts <see cref="SpeakerApiOptions.PairingSessionLifetime"/>.</summary>
    public DeviceView RequestPairing(string partner, string serial)
    {
        string otp, sessionId;
        KnownDevice device;
        lock (_sync)
        {
            device = RequireDevice(serial);
            if (VisiblePairing(partner, serial) is not null)
            {
                throw new SpeakerApiException(409, "Thiết bị đã được liên kết", $"{serial} is already paired to you; nothing to do");
            }

            if (!device.Online)
            {
                throw new SpeakerApiException(409, "Thiết bị đang ngoại tuyến", $"{serial} is offline; power it on and wait until pair/check says online");
            }

            if (_options.StrictPairingMode && device.State != "PairingMode")
            {
                throw new SpeakerApiException(409, "Thiết bị chưa ở chế độ liên kết", $"{serial} is not in pairing mode; hold its pairing button first (strict pairing mode is on)");
            }

            otp = RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            sessionId = Guid.NewGuid().ToString();
            _sessions[sessionId] = new PairingSession(serial, partner, otp, _time.GetUtcNow() + _options.PairingSessionLifetime, _options.MaxOtpAttempts);
        }

        Send(serial, new OtpCommand(NewCommandId(), otp, sessionId));
        return new DeviceView(serial, device.Model, false, true, SessionId: sessionId);
    }

    /// <summary>POST /speaker/pair/verify: the OTP the device spoke pairs it to the partner.</summary>
    public DeviceView VerifyPairing(string partner, string serial, string sessionId, string otp)
    {
        Pairing pairing;
        KnownDevice device;
        lock (_sync)
        {
            device = RequireDevice(serial);
            _ = VisiblePairing(partner, serial); // another partner's device is 403 whatever the session (contract 8.1)
            if (!_sessions.TryGetValue(sessionId, out var session) || session.Partner != partner || session.Serial != serial)
            {
                throw new SpeakerApiException(400, "Phiên liên kết không hợp lệ hoặc đã hết hạn", $"session_id '{sessionId}' is unknown for {serial}; call pair/request again");
            }

            if (_time.GetUtcNow() >= session.Expires)
            {
                _sessions.Remove(sessionId);
                throw new SpeakerApiException(400, "Phiên liên kết đã hết hạn", $"session_id '{sessionId}' expired after {_options.PairingSessionLifetime.TotalSeconds:0} s; call pair/request again");
            }

            if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(session.Otp), System.Text.Encoding.ASCII.GetBytes(otp)))
            {
                session.AttemptsLeft--;
                if (session.AttemptsLeft <= 0)
                {
                    _sessions.Remove(sessionId);
                    throw new SpeakerApiException(400, "Mã OTP không đúng, phiên liên kết đã kết thúc", $"wrong OTP; {_options.MaxOtpAttempts} wrong attempts ended the session, call pair/request again");
                }

                throw new SpeakerApiException(400, $"Mã OTP không đúng, còn {session.AttemptsLeft} lần thử", $"wrong OTP; {session.AttemptsLeft} attempts left");
            }

            if (_pairings.ContainsKey(serial))
            {
                _sessions.Remove(sessionId);
                throw new SpeakerApiException(409, "Thiết bị đã được liên kết", $"{serial} is already paired to you (by another session meanwhile)");
            }

            _sessions.Remove(sessionId);
            pairing = new Pairing(serial, partner, _time.GetUtcNow());
            _pairings[serial] = pairing;
            SavePairingsNeedsLock();
        }

        Send(serial, new PairCommand(NewCommandId(), partner));
        PairingChanged?.Invoke(serial, partner);
        return new DeviceView(serial, device.Model, true, device.Online, PairedTime: LocalTime(pairing.PairedAt));
    }

    /// <summary>Removes a pairing (control API; SePay documents no unpair endpoint) and tells the device.</summary>
    public bool Unpair(string serial)
    {
        lock (_sync)
        {
            if (!_pairings.Remove(serial))
            {
                return false;
            }

            SavePairingsNeedsLock();
        }

        Send(serial, new UnpairCommand(NewCommandId()));
        PairingChanged?.Invoke(serial, null);
        return true;
    }

    /// <summary>The pairing if it is this partner's; 403 if another partner's (partners never see each other's devices).</summary>
    private Pairing? VisiblePairing(string partner, string serial)
    {
        if (!_pairings.TryGetValue(serial, out var pairing))
        {
            return null;
        }

        return pairing.Partner == partner
            ? pairing
            : throw new SpeakerApiException(403, "Thiết bị đã được liên kết với đối tác khác", $"{serial} is paired to another partner");
    }

    private sealed class PairingSession(string serial, string partner, string otp, DateTimeOffset expires, int attempts)
    {
        public string Serial { get; } = serial;

        public string Partner { get; } = partner;

        public string Otp { get; } = otp;

        public DateTimeOffset Expires { get; } = expires;

        public int AttemptsLeft { get; set; } = attempts;
    }
}
