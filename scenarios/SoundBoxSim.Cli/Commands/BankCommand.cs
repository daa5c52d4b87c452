using System.CommandLine;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace SoundBoxSim.Cli.Commands;

/// <summary><c>sbsim bank transfer</c>: a simulated transfer into (or out of) an account of a running simulator.</summary>
internal static class BankCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var amount = new Option<long>("--amount") { Description = "VND, 1,000 to 499,000,000.", Required = true };
        var content = new Option<string?>("--content") { Description = "The transfer content (the payment code goes here, e.g. DH1709)." };
        var account = new Option<string?>("--account") { Description = "The account number (default: the first active account)." };
        var va = new Option<string?>("--va") { Description = "An official virtual account number of that account." };
        var outgoing = new Option<bool>("--out") { Description = "Money out instead of in." };
        var control = new Option<string>("--control") { Description = "The simulator's control API.", DefaultValueFactory = _ => "http://127.0.0.1:8080/control/v1" };
        var json = new Option<bool>("--json") { Description = "Print the transaction as JSON." };
        var transfer = new Command("transfer", "Simulate a bank transfer on a running `sbsim up`; it fires the matching webhooks.")
        {
            amount, content, account, va, outgoing, control, json,
        };
        transfer.SetAction(async (result, cancellationToken) =>
        {
            if (!Uri.TryCreate(result.GetValue(control)!.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync($"sbsim bank transfer: --control '{result.GetValue(control)}' is not an http(s) URL, e.g. http://127.0.0.1:8080/control/v1");
                return SbsimCli.BadInput;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync(new Uri(baseUri, "bank/transfers"), new
                {
                    amount = result.GetValue(amount),
                    content = result.GetValue(content),
                    accountNumber = result.GetValue(account),
                    subAccount = result.GetValue(va),
                    transferType = result.GetValue(outgoing) ? "out" : "in",
                }, cancellationToken);
            }
            catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError == HttpRequestError.ConnectionError)
            {
                await error.WriteLineAsync($"sbsim bank transfer: no simulator at {baseUri} ({ex.Message}); start one with ./sbsim up, or pass --control");
                return SbsimCli.Failed;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonElement answer;
                try
                {
                    answer = JsonDocument.Parse(body).RootElement;
                }
                catch (JsonException)
                {
                    await error.WriteLineAsync($"sbsim bank transfer: {baseUri} answered {(int)response.StatusCode} with a body that is not JSON; is it a SoundBoxSim control API?");
                    return SbsimCli.Failed;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var why = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var e) ? e.GetString() : body;
                    await error.WriteLineAsync($"sbsim bank transfer: refused ({(int)response.StatusCode}): {why}");
                    return (int)response.StatusCode is >= 400 and < 500 ? SbsimCli.BadInput : SbsimCli.Failed;
                }

                await output.WriteLineAsync(result.GetValue(json)
                    ? JsonSerializer.Serialize(answer, Indented)
                    : $"transaction {answer.GetProperty("id")}: {answer.GetProperty("transferType").GetString()} {answer.GetProperty("transferAmount").GetInt64():N0} VND on {answer.GetProperty("gateway").GetString()} {answer.GetProperty("accountNumber").GetString()}"
                      + $", code {(answer.TryGetProperty("code", out var code) ? code.GetString() : "(none)")}, reference {answer.GetProperty("referenceCode").GetString()}, balance {answer.GetProperty("accumulated").GetInt64():N0} VND");
                return 0;
            }
        });
        return new Command("bank", "The fake bank of a running simulator.") { transfer };
    }
}
