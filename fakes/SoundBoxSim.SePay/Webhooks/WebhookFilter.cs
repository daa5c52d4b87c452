using SoundBoxSim.SePay.Ledger;

namespace SoundBoxSim.SePay.Webhooks;

/// <summary>Which webhooks a transaction fires (contract 3.7): active, event type, account scope, VAs, payment code, prefixes.</summary>
public static class WebhookFilter
{
    /// <summary>Whether <paramref name="transaction"/> fires <paramref name="webhook"/>; when not, <paramref name="reason"/> says why.</summary>
    public static bool Matches(Webhook webhook, Transaction transaction, out string? reason)
    {
        reason = !webhook.Active ? "inactive"
            : webhook.EventType == WebhookEventType.InOnly && transaction.TransferType != TransferType.In ? "money out, the webhook is In_only"
            : webhook.EventType == WebhookEventType.OutOnly && transaction.TransferType != TransferType.Out ? "money in, the webhook is Out_only"
            : webhook.BankAccountId != 0 && webhook.BankAccountId != transaction.BankAccountId ? $"account {transaction.BankAccountId}, the webhook watches {webhook.BankAccountId}"
            : webhook.OnlyVa && transaction.VirtualAccountId is null ? "no virtual account, the webhook is only_va"
            : webhook.OnlyVa && webhook.BankSubAccountIds.Count > 0 && !webhook.BankSubAccountIds.Contains(transaction.VirtualAccountId!.Value) ? $"virtual account {transaction.VirtualAccountId} is not in the webhook's list"
            : webhook.SkipIfNoCode && transaction.Code is null ? "no payment code, the webhook skips those"
            : webhook.PrefixFilters.Count > 0 && (transaction.Code is null || !webhook.PrefixFilters.Any(p => transaction.Code.StartsWith(p, StringComparison.OrdinalIgnoreCase))) ? $"payment code {transaction.Code ?? "(none)"} matches no prefix filter"
            : null;
        return reason is null;
    }
}
