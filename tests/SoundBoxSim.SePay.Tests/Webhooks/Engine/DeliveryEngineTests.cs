using System.Text.Json;
using System.Threading.Channels;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Engine;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Engine;

/// <summary>The delivery engine on a virtual clock against a real loopback receiver.</summary>
public sealed class DeliveryEngineTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 25, 7, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private sealed class Rig : IAsyncDisposable
    {
        private readonly Channel<WebhookDelivery> _changes = Channel.CreateUnbounded<WebhookDelivery>();

        public Rig(ManualTimeProvider time, string? storeFile = null, DeliveryEngineOptions? options = null)
        {
            Time = time;
            SePay = new SePayBackend(new SePayOptions { TimeProvider = time, StoreFile = storeFile });
            Engine = new DeliveryEngine(SePay, options);
            Engine.Changed += d => _changes.Writer.TryWrite(d);
        }

        public ManualTimeProvider Time { get; }

        public SePayBackend SePay { get; }

        public DeliveryEngine Engine { get; }

        /// <summary>The next change of a delivery that satisfies <paramref name="match"/>.</summary>
        public async Task<WebhookDelivery> NextAsync(Func<WebhookDelivery, bool> match)
        {
            while (true)
            {
                var change = await _changes.Reader.ReadAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
                if (match(change))
                {
                    return change;
                }
            }
        }

        /// <summary>Follows one delivery to its end, moving the clock to each retry as soon as it is scheduled.</summary>
        public async Task<WebhookDelivery> FollowAsync(long id)
        {
            var seen = 0;
            while (true)
            {
                var d = await NextAsync(x => x.Id == id && (x.State != DeliveryState.Pending || x.Attempts.Count > seen));
                seen = d.Attempts.Count;
                if (d.State != DeliveryState.Pending)
                {
                    return d;
                }

                Time.Advance(d.NextAttemptAt!.Value - Time.GetUtcNow());
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Engine.DisposeAsync();
            SePay.Dispose();
        }
    }

    private static Webhook HookTo(Receiver receiver, bool retryNon2xx = true) =>
        new() { Name = "shop", WebhookUrl = receiver.Url, EventType = WebhookEventType.All, RetryOnNon2xx = retryNon2xx };

    [Fact]
    public async Task ReceiverDownFor40Minutes_GetsTheProfilesAttemptTimes_ThenSucceeds()
    {
        var time = new ManualTimeProvider(Start);
        await using var receiver = await Receiver.StartAsync(time);
        receiver.Down = () => time.GetUtcNow() < Start + TimeSpan.FromMinutes(40);
        await using var rig = new Rig(time);
        rig.SePay.Webhooks.Create(HookTo(receiver));

        rig.SePay.Ledger.Transfer(new TransferRequest(150_000, "DH1709"));
        var accepted = await rig.NextAsync(_ => true);
        var done = await rig.FollowAsync(accepted.Id);

        // Seed profile: retries 5, 8, 13, 21 minutes apart, so attempts at 0, 5, 13, 26 fail and the one at 47 succeeds.
        Assert.Equal(DeliveryState.Succeeded, done.State);
        Assert.Equal(new[] { 0, 5, 13, 26, 47 }.Select(m => Start + TimeSpan.FromMinutes(m)), done.Attempts.Select(a => a.StartedAt));
        Assert.Equal(new[] { 0, 5, 13, 26, 47 }.Select(m => Start + TimeSpan.FromMinutes(m)), receiver.Requests.Select(r => r.At));
        Assert.Equal([503, 503, 503, 503, 200], done.Attempts.Select(a => a.ResponseStatus));
        var payload = JsonDocument.Parse(receiver.Requests.Last().Body).RootElement;
        Assert.Equal(("DH1709", 150_000), (payload.GetProperty("code").GetString(), payload.GetProperty("transferAmount").GetInt64()));
    }

    [Fact]
    public async Task ReceiverDownFor6Hours_IsMarkedFailed_AfterTheLastAttempt()
    {
        var time = new ManualTimeProvider(Start);
        await using var receiver = await Receiver.StartAsync(time);
        receiver.Down = () => time.GetUtcNow() < Start + TimeSpan.FromHours(6);
        await using var rig = new Rig(time);
        rig.SePay.Webhooks.Create(HookTo(receiver));

        rig.SePay.Ledger.Transfer(new TransferRequest(150_000, "DH1709"));
        var done = await rig.FollowAsync((await rig.NextAsync(_ => true)).Id);

        // 1 attempt and 7 retries: 0, 5, 13, 26, 47, 81, 136, 225 minutes; none after.
        Assert.Equal(DeliveryState.Failed, done.State);
        Assert.Equal(new[] { 0, 5, 13, 26, 47, 81, 136, 225 }.Select(m => Start + TimeSpan.FromMinutes(m)), done.Attempts.Select(a => a.StartedAt));
        Assert.Contains("gave up after 8 attempts", done.Outcome, StringComparison.Ordinal);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public async Task Non2xx_IsNotRetried_UnlessTheWebhookAsks()
    {
        var time = new ManualTimeProvider(Start);
        await using var receiver = await Receiver.StartAsync(time);
        receiver.Down = () => true;
        await using var rig = new Rig(time);
        rig.SePay.Webhooks.Create(HookTo(receiver, retryNon2xx: false));

        rig.SePay.Ledger.Transfer(new TransferRequest(10_000, "x"));
        var done = await rig.NextAsync(d => d.State != DeliveryState.Pending);

        Assert.Equal(DeliveryState.Failed, done.State);
        Assert.Single(done.Attempts);
        Assert.Contains("no retry helps", done.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APendingDelivery_SurvivesARestart_AndIsDeliveredAfterIt()
    {
        var time = new ManualTimeProvider(Start);
        var file = Path.Combine(RepoPaths.NewTempFolder("sepay-engine"), "sepay.db");
        await using var receiver = await Receiver.StartAsync(time);
        receiver.Down = () => time.GetUtcNow() < Start + TimeSpan.FromMinutes(1);
        long id;
        await using (var first = new Rig(time, file))
        {
            first.SePay.Webhooks.Create(HookTo(receiver));
            first.SePay.Ledger.Transfer(new TransferRequest(150_000, "DH1709"));
            id = (await first.NextAsync(d => d.Attempts.Count == 1)).Id; // failed once, a retry is scheduled in 5 minutes
        }

        await using var second = new Rig(time, file);
        Assert.Equal(DeliveryState.Pending, second.Engine.Find(id)!.State);
        second.Engine.Start();
        time.Advance(TimeSpan.FromMinutes(5));
        var done = await second.NextAsync(d => d.Id == id && d.State != DeliveryState.Pending);

        Assert.Equal(DeliveryState.Succeeded, done.State);
        Assert.Equal([Start, Start + TimeSpan.FromMinutes(5)], done.Attempts.Select(a => a.StartedAt));
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task Alerts_AtTheThreshold_AndOnRecovery()
    {
        var time = new ManualTimeProvider(Start);
        await using var receiver = await Receiver.StartAsync(time);
        var down = true;
        receiver.Down = () => down;
        await using var rig = new Rig(time);
        var hook = rig.SePay.Webhooks.Create(HookTo(receiver, retryNon2xx: false) with { AlertThreshold = 2 });

        for (var i = 0; i < 3; i++)
        {
            rig.SePay.Ledger.Transfer(new TransferRequest(10_000, $"lan {i}"));
            await rig.NextAsync(d => d.State != DeliveryState.Pending);
        }

        var failing = rig.Engine.Health(hook.Id);
        down = false;
        rig.SePay.Ledger.Transfer(new TransferRequest(10_000, "ok"));
        await rig.NextAsync(d => d.State == DeliveryState.Succeeded);
        var recovered = rig.Engine.Health(hook.Id);

        Assert.Equal((3, true), (failing.ConsecutiveFailures, failing.Alerting));
        Assert.Equal(["failure"], failing.Alerts.Select(a => a.Kind)); // once, at the 2nd failure
        Assert.Equal(2, failing.Alerts[0].ConsecutiveFailures);
        Assert.Equal((0, false), (recovered.ConsecutiveFailures, recovered.Alerting));
        Assert.Equal(["failure", "recovery"], recovered.Alerts.Select(a => a.Kind));
    }

    [Fact]
    public async Task Replay_SendsTheSamePayloadAgain_AsANewEntry_WithinSePaysLimits()
    {
        var time = new ManualTimeProvider(Start);
        await using var receiver = await Receiver.StartAsync(time);
        await using var rig = new Rig(time);
        rig.SePay.Webhooks.Create(HookTo(receiver));
        rig.SePay.Ledger.Transfer(new TransferRequest(150_000, "DH1709"));
        var original = await rig.NextAsync(d => d.State == DeliveryState.Succeeded);

        var replay = Assert.Single(rig.Engine.Replay([original.Id]));
        var done = await rig.NextAsync(d => d.Id == replay.Id && d.State != DeliveryState.Pending);

        Assert.Equal((original.Id, DeliveryState.Succeeded, original.TransactionId), (done.ReplayOf, done.State, done.TransactionId));
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(receiver.Requests.First().Body, receiver.Requests.Last().Body);
        Assert.Equal(400, Assert.Throws<DeliveryException>(() => rig.Engine.Replay([.. Enumerable.Repeat(original.Id, 21)])).Status);
        Assert.Equal(404, Assert.Throws<DeliveryException>(() => rig.Engine.Replay([999])).Status);
        rig.Engine.Replay([.. Enumerable.Repeat(original.Id, 9)]); // Distinct: one more entry, 2 of 10 this minute
        Assert.Equal(429, Assert.Throws<DeliveryException>(() => rig.Engine.Replay([.. Enumerable.Range(0, 9).Select(_ => original.Id).Append(original.Id)])).Status is var s && s == 429 ? 429 : s);
    }

    [Fact]
    public async Task ADeletedWebhook_FailsItsPendingDelivery_Visibly()
    {
        var time = new ManualTimeProvider(Start);
        await using var receiver = await Receiver.StartAsync(time);
        receiver.Down = () => true;
        await using var rig = new Rig(time);
        var hook = rig.SePay.Webhooks.Create(HookTo(receiver));
        rig.SePay.Ledger.Transfer(new TransferRequest(10_000, "x"));
        var pending = await rig.NextAsync(d => d.Attempts.Count == 1);

        rig.SePay.Webhooks.Delete(hook.Id);
        time.Advance(pending.NextAttemptAt!.Value - time.GetUtcNow());
        var done = await rig.NextAsync(d => d.State != DeliveryState.Pending);

        Assert.Equal(DeliveryState.Failed, done.State);
        Assert.Contains("deleted", done.Outcome, StringComparison.Ordinal);
    }
}
