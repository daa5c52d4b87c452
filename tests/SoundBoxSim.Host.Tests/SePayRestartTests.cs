using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Engine;
using SoundBoxSim.Testing;

namespace SoundBoxSim.Host.Tests;

/// <summary>With --data, a webhook delivery accepted before a restart of the simulator is delivered after it.</summary>
public sealed class SePayRestartTests
{
    private static Task<Simulator> StartAsync(string data) => Simulator.StartAsync(new SimulatorOptions
    {
        Devices = 1,
        HttpPort = 0,
        SePayPort = 0,
        MqttPort = 0,
        VirtualClock = true,
        DataFolder = data,
    }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task APendingDelivery_IsNotLost_AcrossARestart()
    {
        var data = RepoPaths.NewTempFolder("sbsim-sepay-restart");
        var up = false;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var receiver = builder.Build();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            if (!up)
            {
                return Results.StatusCode(503);
            }

            using var reader = new StreamReader(request.Body);
            received.TrySetResult(await reader.ReadToEndAsync());
            return Results.Json(new { success = true });
        });
        await receiver.StartAsync(TestContext.Current.CancellationToken);

        long deliveryId;
        await using (var first = await StartAsync(data))
        {
            first.SePay.Webhooks.Create(new Webhook { Name = "shop", WebhookUrl = receiver.Urls.First() + "/hook", RetryOnNon2xx = true });
            var failedOnce = new TaskCompletionSource<WebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
            first.Deliveries.Changed += d => { if (d.Attempts.Count == 1) { failedOnce.TrySetResult(d); } };
            first.SePay.Ledger.Transfer(new SePay.Ledger.TransferRequest(150_000, "DH1709"));
            deliveryId = (await failedOnce.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).Id;
        }

        up = true;
        await using var second = await StartAsync(data);
        var pending = second.Deliveries.Find(deliveryId);
        Assert.Equal(DeliveryState.Pending, pending?.State);
        var done = new TaskCompletionSource<WebhookDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Deliveries.Changed += d => { if (d.Id == deliveryId && d.State != DeliveryState.Pending) { done.TrySetResult(d); } };
        ((VirtualClock)second.Time).Advance(pending!.NextAttemptAt!.Value - second.Time.GetUtcNow());

        var delivered = await done.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(DeliveryState.Succeeded, delivered.State);
        Assert.Equal(2, delivered.Attempts.Count);
        Assert.Contains("\"code\":\"DH1709\"", await received.Task, StringComparison.Ordinal);
        Assert.Single(second.SePay.Ledger.Transactions); // the ledger came back too
    }
}
