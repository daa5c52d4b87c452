using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.SePay;
using SoundBoxSim.SePay.Ledger;

namespace SoundBoxSim.Host.Control;

/// <summary>
/// The fake bank through the control API (<c>/control/v1/bank</c>): the company's payment-code settings, accounts and
/// virtual accounts (seeded, editable), simulated transfers, and the transactions they made.
/// </summary>
public static class BankEndpoints
{
    /// <summary>Maps the bank routes onto the control API group.</summary>
    public static IEndpointRouteBuilder MapBankControl(this IEndpointRouteBuilder api, SePayBackend sepay)
    {
        var ledger = sepay.Ledger;
        var bank = api.MapGroup("/bank");
        bank.MapGet("/company", () => ControlJson.Ok(ledger.Company));
        bank.MapPut("/company", (HttpRequest request) => ControlJson.Handle(async () =>
        {
            var body = await ControlJson.ReadAsync<CompanyBody>(request, """{"paymentCodes":true,"paymentCodeTemplates":[{"prefix":"DH","suffixFrom":4,"suffixTo":10,"characterType":"NumberOnly"}]}""");
            return Apply(() => ControlJson.Ok(ledger.PutCompany(ledger.Company with
            {
                Name = body.Name ?? ledger.Company.Name,
                PaymentCodes = body.PaymentCodes,
                PaymentCodeTemplates = body.PaymentCodeTemplates,
            })));
        }));
        bank.MapGet("/accounts", () => ControlJson.Ok(ledger.Accounts));
        bank.MapPut("/accounts/{id:long}", (long id, HttpRequest request) => ControlJson.Handle(async () =>
        {
            var body = await ControlJson.ReadAsync<AccountBody>(request, """{"bank":"ACB","accountNumber":"12345678","holderName":"NGUYEN VAN AN","accumulated":0}""");
            var existing = ledger.Accounts.FirstOrDefault(a => a.Id == id);
            return Apply(() => ControlJson.Ok(ledger.PutAccount(new BankAccount(
                id, body.Bank, body.AccountNumber, body.HolderName, body.Accumulated ?? existing?.Accumulated ?? 0, body.Label ?? existing?.Label ?? "",
                body.Active ?? true, existing?.CreatedAt ?? sepay.Options.TimeProvider.GetUtcNow(), existing?.LastTransaction))));
        }));
        bank.MapGet("/virtual-accounts", () => ControlJson.Ok(ledger.VirtualAccounts));
        bank.MapPut("/virtual-accounts/{id:long}", (long id, HttpRequest request) => ControlJson.Handle(async () =>
        {
            var body = await ControlJson.ReadAsync<VirtualAccountBody>(request, """{"bankAccountId":19,"number":"VCB0011ABC009","kind":"Official"}""");
            return Apply(() => ControlJson.Ok(ledger.PutVirtualAccount(new VirtualAccount(id, body.BankAccountId, body.Number, body.Kind ?? VirtualAccountKind.Official, body.Label ?? ""))));
        }));
        bank.MapPost("/transfers", (HttpRequest request) => ControlJson.Handle(async () =>
        {
            var body = await ControlJson.ReadAsync<TransferBody>(request, """{"amount":150000,"content":"DH1709"}""");
            return Apply(() => ControlJson.Ok(TransactionJson(ledger, ledger.Transfer(new TransferRequest(
                body.Amount, body.Content, body.AccountNumber, body.SubAccount, body.TransferType ?? TransferType.In))), 201));
        }));
        bank.MapGet("/transactions", () => ControlJson.Ok(ledger.Transactions.Select(t => TransactionJson(ledger, t))));
        return api;
    }

    /// <summary>A transaction as SePay's webhook payload shows it (plus the account's id).</summary>
    public static object TransactionJson(BankLedger ledger, Transaction t) => new
    {
        id = t.Id,
        gateway = t.Gateway,
        transactionDate = ledger.LocalTime(t.TransactionDate),
        accountNumber = t.AccountNumber,
        code = t.Code,
        content = t.Content,
        transferType = t.TransferType == TransferType.In ? "in" : "out",
        transferAmount = t.Amount,
        accumulated = t.Accumulated,
        subAccount = t.SubAccount,
        referenceCode = t.ReferenceCode,
        description = t.Description,
        bankAccountId = t.BankAccountId,
    };

    private static IResult Apply(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (LedgerException error)
        {
            throw new ControlException(error.Status, $"{error.Field}: {error.Message}");
        }
    }
}
