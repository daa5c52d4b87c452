using System.CommandLine;
using System.Security.Cryptography;
using SoundBoxSim.Cli.Commands.Webhook;
using SoundBoxSim.SePay.OAuth;

namespace SoundBoxSim.Cli.Commands;

/// <summary>
/// <c>sbsim webhook listen</c>: like SePay CLI's <c>sepay webhook listen --forward</c>. A local receiver on 127.0.0.1,
/// a webhook registered on the running simulator's fake SePay pointing at it, each delivery forwarded to the partner's
/// app (or printed), and the webhook deleted on Ctrl+C.
/// </summary>
internal static class WebhookCommand
{
    private const string Name = "sbsim webhook listen";

    private static readonly string[] AuthTypes = ["No_Authen", "Api_Key", "HMAC_SHA256"];
    private static readonly string[] EventTypes = ["In_only", "Out_only", "All"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var forward = new Option<string?>("--forward") { Description = "Forward each delivery to this URL of your app (e.g. http://localhost:3000/hook) and pass its answer back; without it, print deliveries and answer {\"success\": true}." };
        var port = new Option<int>("--port") { Description = "The local receiver's port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 0 };
        var sepay = new Option<string>("--sepay") { Description = "The simulator's fake SePay (the SePay line of ./sbsim up).", DefaultValueFactory = _ => "http://127.0.0.1:8081" };
        var clientId = new Option<string>("--client-id") { Description = "OAuth client of the fake SePay.", DefaultValueFactory = _ => OAuthOptions.DefaultClientId };
        var clientSecret = new Option<string>("--client-secret") { Description = "Its secret.", DefaultValueFactory = _ => OAuthOptions.DefaultClientSecret };
        var auth = new Option<string>("--auth") { Description = "How deliveries prove they come from SePay: No_Authen, Api_Key or HMAC_SHA256.", DefaultValueFactory = _ => "HMAC_SHA256" };
        var eventType = new Option<string>("--event") { Description = "Which transactions: In_only, Out_only or All.", DefaultValueFactory = _ => "All" };
        var account = new Option<long>("--account") { Description = "The bank account id to watch (0 = all accounts).", DefaultValueFactory = _ => 0 };
        var retry = new Option<bool>("--retry-non-2xx") { Description = "Have the fake retry non-2xx answers too (retry_conditions.non_2xx_status_code = 1), e.g. the 502 sent while your app is down." };
        var listen = new Command("listen", "Register a webhook on a running `sbsim up` and forward its deliveries to your local app until Ctrl+C (then the webhook is deleted).")
        {
            forward, port, sepay, clientId, clientSecret, auth, eventType, account, retry,
        };
        listen.SetAction(async (result, cancellationToken) =>
        {
            async Task<int> Bad(string message)
            {
                await error.WriteLineAsync($"{Name}: {message}");
                return SbsimCli.BadInput;
            }

            Uri? forwardUrl = null;
            if (result.GetValue(forward) is { } f && !TryHttpUrl(f, out forwardUrl))
            {
                return await Bad($"--forward '{f}' is not an http(s) URL, e.g. http://localhost:3000/hook");
            }

            if (!TryHttpUrl(result.GetValue(sepay)!, out var sepayUrl))
            {
                return await Bad($"--sepay '{result.GetValue(sepay)}' is not an http(s) URL, e.g. http://127.0.0.1:8081 (the SePay line of ./sbsim up)");
            }

            if (result.GetValue(port) is < 0 or > 65535)
            {
                return await Bad($"--port {result.GetValue(port)} is not a port; use 1 to 65535, or 0 for any free port");
            }

            if (Pick(result.GetValue(auth)!, AuthTypes) is not { } authType)
            {
                return await Bad($"--auth '{result.GetValue(auth)}' is not one of {string.Join(", ", AuthTypes)}");
            }

            if (Pick(result.GetValue(eventType)!, EventTypes) is not { } events)
            {
                return await Bad($"--event '{result.GetValue(eventType)}' is not one of {string.Join(", ", EventTypes)}");
            }

            if (result.GetValue(account) < 0)
            {
                return await Bad($"--account {result.GetValue(account)} is not an account id; use 0 for all accounts or an id from GET /control/v1/bank/accounts");
            }

            var log = TextWriter.Synchronized(output);
            WebhookReceiver receiver;
            try
            {
                receiver = await WebhookReceiver.StartAsync(result.GetValue(port), forwardUrl, log, cancellationToken);
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"{Name}: cannot listen on 127.0.0.1:{result.GetValue(port)} ({ex.Message}); pick another --port, or 0 for any free port");
                return SbsimCli.Failed;
            }

            await using var _ = receiver;
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var api = new SePayWebhookApi(http, sepayUrl, result.GetValue(clientId)!, result.GetValue(clientSecret)!);
            var apiKey = authType == "Api_Key" ? "sbsim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null;
            RegisteredWebhook webhook;
            try
            {
                webhook = await api.CreateAsync(new Dictionary<string, object?>
                {
                    ["bank_account_id"] = result.GetValue(account),
                    ["name"] = $"{Name} {receiver.Address.Authority}",
                    ["event_type"] = events,
                    ["authen_type"] = authType,
                    ["webhook_url"] = receiver.Address.AbsoluteUri,
                    ["is_verify_payment"] = 0,
                    ["skip_if_no_code"] = 0,
                    ["active"] = 1,
                    ["request_content_type"] = "Json",
                    ["retry_conditions"] = new Dictionary<string, int> { ["non_2xx_status_code"] = result.GetValue(retry) ? 1 : 0 },
                    ["api_key"] = apiKey,
                }, cancellationToken);
            }
            catch (SePayUnreachableException ex)
            {
                await error.WriteLineAsync($"{Name}: {ex.Message}; start the simulator with ./sbsim up, or pass --sepay with the SePay address it prints");
                return SbsimCli.Failed;
            }
            catch (SePayApiException ex)
            {
                await error.WriteLineAsync($"{Name}: {ex.Message}");
                return ex.Status is >= 400 and < 500 ? SbsimCli.BadInput : SbsimCli.Failed;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0; // stopped before the webhook existed
            }

            var accountText = result.GetValue(account) == 0 ? "all accounts" : $"account {result.GetValue(account)}";
            await log.WriteLineAsync($"{Name}: webhook {webhook.Id} registered on {api.Address} ({authType}, event {events}, {accountText}), delivering to {receiver.Address}");
            await log.WriteLineAsync(authType switch
            {
                "HMAC_SHA256" => $"  secret key: {webhook.SecretKey}  (X-SePay-Signature = \"sha256=\" + hex HMAC-SHA256(secret key, X-SePay-Timestamp + \".\" + raw body))",
                "Api_Key" => $"  api key: {apiKey}  (sent as Authorization: Apikey {apiKey})",
                _ => "  no authentication (No_Authen): deliveries carry no proof they come from SePay",
            });
            await log.WriteLineAsync(forwardUrl is null
                ? "  printing deliveries and answering {\"success\": true} (add --forward URL to pass them to your app)"
                : $"  forwarding to {forwardUrl} (your app's status and body are what the fake SePay records)");
            await log.WriteLineAsync($"Ctrl+C to stop (webhook {webhook.Id} is deleted then).");
            await log.FlushAsync(CancellationToken.None);

            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, receiver.Stopping);
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: delete the webhook first, so the fake stops sending, then stop the receiver.
            }

            using var deleting = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
            try
            {
                var deleted = await api.DeleteAsync(webhook.Id, deleting.Token);
                await log.WriteLineAsync($"{Name}: stopped ({receiver.Received:N0} deliveries received); webhook {webhook.Id} {(deleted ? "deleted" : "was already gone")}");
                return 0;
            }
            catch (Exception ex) when (ex is SePayUnreachableException or SePayApiException or OperationCanceledException or HttpRequestException)
            {
                var why = ex is OperationCanceledException ? $"{api.Address} did not answer within 10 s" : ex.Message;
                await error.WriteLineAsync($"{Name}: could not delete webhook {webhook.Id}: {why}; delete it with DELETE {api.Address}api/v1/webhooks/{webhook.Id} (a simulator without --data forgets it when it stops)");
                return SbsimCli.Failed;
            }
        });
        return new Command("webhook", "SePay webhooks of a running simulator.") { listen };
    }

    private static bool TryHttpUrl(string text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && url.Scheme is "http" or "https" && url.Host.Length > 0;

    // SePay's spelling, accepted in any case.
    private static string? Pick(string value, string[] names) => names.FirstOrDefault(n => n.Equals(value, StringComparison.OrdinalIgnoreCase));
}
