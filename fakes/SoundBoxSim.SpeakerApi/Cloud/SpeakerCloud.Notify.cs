using SoundBoxSim.Device.Protocol;

namespace SoundBoxSim.SpeakerApi.Cloud;

/// <summary>The three states check_notify reports.</summary>
public enum NotificationStatus
{
    /// <summary>Sent, not yet announced.</summary>
    Pending,

    /// <summary>The device reported it played the announcement.</summary>
    Success,

    /// <summary>The device refused it, or never confirmed it within the retry budget.</summary>
    Failed,
}

/// <summary>What check_notify answers for one notification.</summary>
public sealed record NotificationView(
    string RequestId, string HardwareId, long Amount, NotificationStatus Status, string Message, int RetriesCount, string? LastRetryTime, string CreatedAt);

public sealed partial class SpeakerCloud
{
    private readonly Dictionary<(string Partner, string RequestId), Notification> _notifications = [];
    private readonly Dictionary<string, Notification> _byCommand = new(StringComparer.Ordinal);

    /// <summary>Raised when a notification reaches SUCCESS or FAILED.</summary>
    public event Action<NotificationView>? NotificationSettled;

    /// <summary>
    /// POST /speaker/transactions/notify: queues the amount for the device. Idempotent on requestId: the same request
    /// again answers as the first time and is not announced twice; the same requestId with other content is 409.
    /// </summary>
    public void Notify(string partner, string serial, long amount, string requestId)
    {
        Notification notification;
        lock (_sync)
        {
            if (_notifications.TryGetValue((partner, requestId), out var existing))
            {
                if (existing.Serial == serial && existing.Amount == amount)
                {
                    return;
                }

                throw new SpeakerApiException(409, "requestId đã được sử dụng", $"requestId '{requestId}' was already used for {existing.Serial} with amount {existing.Amount}; use a new requestId per transaction");
            }

            RequireDevice(serial);
            if (VisiblePairing(partner, serial) is null)
            {
                throw new SpeakerApiException(409, "Thiết bị chưa được liên kết", $"{serial} is not paired; pair it (pair/request, pair/verify) before notifying");
            }

            notification = new Notification(partner, requestId, serial, amount, NewCommandId(), _time.GetUtcNow());
            _notifications[(partner, requestId)] = notification;
            _byCommand[notification.CommandId] = notification;
            ArmRetry(notification);
        }

        Send(serial, notification.Command());
    }

    /// <summary>POST /speaker/transactions/check_notify.</summary>
    public NotificationView CheckNotify(string partner, string requestId)
    {
        lock (_sync)
        {
            return _notifications.TryGetValue((partner, requestId), out var notification)
                ? View(notification)
                : throw new SpeakerApiException(404, "Không tìm thấy giao dịch", $"no notification with requestId '{requestId}' from you");
        }
    }

    private NotificationView View(Notification n) => new(
        n.RequestId, n.Serial, n.Amount, n.Status,
        n.Status switch
        {
            NotificationStatus.Success => "Gửi thông báo thành công",
            NotificationStatus.Failed => $"Gửi thông báo thất bại: {n.Reason}",
            _ => n.Received ? "Thiết bị đã nhận thông báo" : "Đang gửi thông báo",
        },
        n.Retries, n.LastRetry is { } last ? LocalTime(last) : null, LocalTime(n.CreatedAt));

    private void OnAck(DeviceAck ack)
    {
        NotificationView? settled = null;
        lock (_sync)
        {
            if (!_byCommand.TryGetValue(ack.Id, out var n) || n.Serial != ack.Serial || n.Status != NotificationStatus.Pending)
            {
                return;
            }

            switch (ack.Status)
            {
                case DeviceAckStatus.Received or DeviceAckStatus.Started:
                    n.Received = true; // on the device: no more pushes; it plays when its turn comes
                    return;
                case DeviceAckStatus.Played:
                    Settle(n, NotificationStatus.Success, null);
                    break;
                case DeviceAckStatus.Failed:
                    Settle(n, NotificationStatus.Failed, ack.Reason ?? "the device refused it");
                    break;
            }

            settled = View(n);
        }

        NotificationSettled?.Invoke(settled);
    }

    /// <summary>A device that comes back online gets its pending, unreceived notifications pushed again at once.</summary>
    private void OnDeviceOnlineChanged(KnownDevice device)
    {
        if (!device.Online)
        {
            return;
        }

        List<Notification> again;
        lock (_sync)
        {
            again = [.. _notifications.Values.Where(n => n.Serial == device.Serial && n.Status == NotificationStatus.Pending && !n.Received)];
        }

        foreach (var n in again)
        {
            Send(n.Serial, n.Command());
        }
    }

    /// <summary>While unreceived, the notification is pushed again every interval; after the last retry it fails.</summary>
    private void ArmRetry(Notification n)
    {
        n.Timer?.Dispose();
        n.Timer = _time.CreateTimer(_ => OnRetryDue(n), null, _options.NotifyRetryInterval, Timeout.InfiniteTimeSpan);
    }

    private void OnRetryDue(Notification n)
    {
        NotificationView? settled = null;
        var push = false;
        lock (_sync)
        {
            if (n.Status != NotificationStatus.Pending || !_byCommand.ContainsKey(n.CommandId))
            {
                return;
            }

            var budget = _options.NotifyRetryInterval * Math.Max(1, _options.NotifyRetries);
            if (n.Received && _time.GetUtcNow() - n.CreatedAt < budget)
            {
                ArmRetry(n); // on the device, waiting its turn: not a retry
            }
            else if (n.Received || n.Retries >= _options.NotifyRetries)
            {
                Settle(n, NotificationStatus.Failed, n.Received
                    ? $"the device received it but did not report it played within {budget.TotalMinutes:0} minutes"
                    : $"the device did not confirm it after {n.Retries} retries");
                settled = View(n);
            }
            else
            {
                n.Retries++;
                n.LastRetry = _time.GetUtcNow();
                push = !n.Received;
                ArmRetry(n);
            }
        }

        if (push)
        {
            Send(n.Serial, n.Command()); // same command id: a device that got it already acks it again and does nothing
        }

        if (settled is not null)
        {
            NotificationSettled?.Invoke(settled);
        }
    }

    private static void Settle(Notification n, NotificationStatus status, string? reason)
    {
        n.Status = status;
        n.Reason = reason;
        n.Timer?.Dispose();
        n.Timer = null;
    }

    private sealed class Notification(string partner, string requestId, string serial, long amount, string commandId, DateTimeOffset createdAt)
    {
        public string Partner { get; } = partner;

        public string RequestId { get; } = requestId;

        public string Serial { get; } = serial;

        public long Amount { get; } = amount;

        public string CommandId { get; } = commandId;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public NotificationStatus Status { get; set; }

        public string? Reason { get; set; }

        public bool Received { get; set; }

        public int Retries { get; set; }

        public DateTimeOffset? LastRetry { get; set; }

        public ITimer? Timer { get; set; }

        public AnnounceCommand Command() => new(CommandId, RequestId, Amount, CreatedAt);
    }
}
