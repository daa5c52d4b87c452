using System.Globalization;
using SoundBoxSim.SePay.Banks;
using SoundBoxSim.SePay.Storage;

namespace SoundBoxSim.SePay.Ledger;

/// <summary>
/// The fake bank side of SePay: the company, its accounts and virtual accounts, and the transactions simulated
/// transfers create. Thread-safe; every change is written through to the <see cref="DocumentStore"/>.
/// </summary>
public sealed class BankLedger
{
    private const string AccountKind = "bank-account", VirtualAccountKind = "virtual-account", TransactionKind = "transaction", CompanyKind = "company";
    private readonly LedgerOptions _options;
    private readonly DocumentStore _store;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, BankAccount> _accounts = [];
    private readonly SortedDictionary<long, VirtualAccount> _virtualAccounts = [];
    private readonly List<Transaction> _transactions = [];
    private readonly Random _random;
    private Company _company;

    /// <summary>Loads the ledger from <paramref name="store"/>, or seeds it from <paramref name="options"/> when the store is empty.</summary>
    public BankLedger(LedgerOptions options, DocumentStore store)
    {
        _options = options;
        _store = store;
        _random = new Random(options.Seed);
        _company = store.Load<Company>(CompanyKind).FirstOrDefault() ?? options.Company;
        var accounts = store.Load<BankAccount>(AccountKind);
        foreach (var account in accounts.Count > 0 ? accounts : options.Accounts)
        {
            _accounts[account.Id] = Validate(account);
        }

        var virtualAccounts = accounts.Count > 0 ? store.Load<VirtualAccount>(VirtualAccountKind) : options.VirtualAccounts;
        foreach (var va in virtualAccounts)
        {
            _virtualAccounts[va.Id] = va;
        }

        _transactions.AddRange(store.Load<Transaction>(TransactionKind));
        if (accounts.Count == 0)
        {
            SaveAllNeedsLock();
        }

        // Reference codes after a restart must not repeat those already given.
        for (var i = 0; i < _transactions.Count; i++)
        {
            NextReference();
        }
    }

    /// <summary>Raised after a transaction is recorded (outside the ledger's lock); the webhook engine listens.</summary>
    public event Action<Transaction>? TransactionCreated;

    /// <summary>The company and its payment-code settings.</summary>
    public Company Company
    {
        get { lock (_gate) { return _company; } }
    }

    /// <summary>The accounts, by id.</summary>
    public IReadOnlyList<BankAccount> Accounts
    {
        get { lock (_gate) { return [.. _accounts.Values]; } }
    }

    /// <summary>The virtual accounts, by id.</summary>
    public IReadOnlyList<VirtualAccount> VirtualAccounts
    {
        get { lock (_gate) { return [.. _virtualAccounts.Values]; } }
    }

    /// <summary>Every transaction, oldest first.</summary>
    public IReadOnlyList<Transaction> Transactions
    {
        get { lock (_gate) { return [.. _transactions]; } }
    }

    /// <summary>The transaction with <paramref name="id"/>, or null.</summary>
    public Transaction? FindTransaction(long id)
    {
        lock (_gate)
        {
            var index = _transactions.BinarySearch(new Transaction(id, 0, "", default, "", null, null, null, "", TransferType.In, 0, 0, "", ""), ById.Instance);
            return index >= 0 ? _transactions[index] : null;
        }
    }

    /// <summary>Formats a time as SePay does: <c>yyyy-MM-dd HH:mm:ss</c> in Vietnam time, no zone.</summary>
    public string LocalTime(DateTimeOffset time) =>
        time.ToOffset(_options.LocalOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Simulates a transfer: validates it, dates it, updates the balance, finds the payment code and VA, records it.</summary>
    /// <exception cref="LedgerException">The request breaks a limit or names an unknown account or VA.</exception>
    public Transaction Transfer(TransferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Amount < _options.MinAmount || request.Amount > _options.MaxAmount)
        {
            throw new LedgerException("amount", $"amount must be from {_options.MinAmount:N0} to {_options.MaxAmount:N0} VND (SePay's sandbox limits); got {request.Amount:N0}");
        }

        var content = request.Content ?? "";
        if (content.Length > _options.MaxContentLength)
        {
            throw new LedgerException("content", $"content must be at most {_options.MaxContentLength} characters; got {content.Length}");
        }

        if (content.Any(char.IsControl) || !IsWellFormed(content))
        {
            throw new LedgerException("content", "content must be text without control characters or broken surrogate pairs");
        }

        Transaction transaction;
        lock (_gate)
        {
            var account = request.AccountNumber is { } number
                ? _accounts.Values.FirstOrDefault(a => a.AccountNumber == number)
                    ?? throw new LedgerException("accountNumber", $"no account {number}; GET /control/v1/bank/accounts lists them", 404)
                : _accounts.Values.FirstOrDefault(a => a.Active)
                    ?? throw new LedgerException("accountNumber", "there is no active account to receive the transfer", 409);
            if (!account.Active)
            {
                throw new LedgerException("accountNumber", $"account {account.AccountNumber} is inactive", 409);
            }

            var now = _options.TimeProvider.GetUtcNow();
            if (content.Length == 0)
            {
                content = $"Giao dich sandbox {now.ToOffset(_options.LocalOffset).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)}";
            }

            var va = FindVirtualAccountNeedsLock(account, request.SubAccount, content);
            if (va is null && _options.VaOnlyBanks.Contains(account.Bank))
            {
                throw new LedgerException("subAccount", $"{account.Bank} takes transfers only through a virtual account; give subAccount (one of: {string.Join(", ", _virtualAccounts.Values.Where(v => v.BankAccountId == account.Id).Select(v => v.Number))})");
            }

            var signed = request.TransferType == TransferType.In ? request.Amount : -request.Amount;
            if (account.Accumulated + signed < 0)
            {
                throw new LedgerException("amount", $"account {account.AccountNumber} holds {account.Accumulated:N0} VND; an out transfer of {request.Amount:N0} would overdraw it", 409);
            }

            var bank = VietnameseBanks.Find(account.Bank);
            var code = _company.PaymentCodes ? PaymentCodeMatcher.Find(content, _company.PaymentCodeTemplates) : null;
            var id = _transactions.Count == 0 ? _options.FirstTransactionId : _transactions[^1].Id + 1;
            var balance = account.Accumulated + signed;
            var sign = request.TransferType == TransferType.In ? "+" : "-";
            transaction = new Transaction(
                id, account.Id, bank?.ShortName ?? account.Bank, now, account.AccountNumber, va?.Number, va?.Id, code, content,
                request.TransferType, request.Amount, balance, NextReference(),
                $"{bank?.Code ?? account.Bank}: TK {account.AccountNumber} {sign}{request.Amount.ToString("N0", CultureInfo.InvariantCulture)}VND luc {LocalTime(now)}. SD {balance.ToString("N0", CultureInfo.InvariantCulture)}VND. ND: {content}");
            var updated = account with { Accumulated = balance, LastTransaction = now };
            _accounts[account.Id] = updated;
            _transactions.Add(transaction);
            _store.Save(TransactionKind, transaction.Id, transaction);
            _store.Save(AccountKind, updated.Id, updated);
        }

        TransactionCreated?.Invoke(transaction);
        return transaction;
    }

    /// <summary>Adds or replaces an account (control API).</summary>
    public BankAccount PutAccount(BankAccount account)
    {
        Validate(account);
        lock (_gate)
        {
            if (_accounts.Values.Any(a => a.Id != account.Id && a.AccountNumber == account.AccountNumber))
            {
                throw new LedgerException("accountNumber", $"another account already has the number {account.AccountNumber}", 409);
            }

            _accounts[account.Id] = account;
            _store.Save(AccountKind, account.Id, account);
            return account;
        }
    }

    /// <summary>Adds or replaces a virtual account of an existing account (control API).</summary>
    public VirtualAccount PutVirtualAccount(VirtualAccount va)
    {
        if (string.IsNullOrWhiteSpace(va.Number) || va.Number.Length > 40 || !va.Number.All(char.IsAsciiLetterOrDigit))
        {
            throw new LedgerException("number", "a virtual account number is 1 to 40 letters and digits");
        }

        lock (_gate)
        {
            if (!_accounts.ContainsKey(va.BankAccountId))
            {
                throw new LedgerException("bankAccountId", $"no account with id {va.BankAccountId}", 404);
            }

            if (_virtualAccounts.Values.Any(v => v.Id != va.Id && v.Number.Equals(va.Number, StringComparison.OrdinalIgnoreCase)))
            {
                throw new LedgerException("number", $"another virtual account already has the number {va.Number}", 409);
            }

            _virtualAccounts[va.Id] = va;
            _store.Save(VirtualAccountKind, va.Id, va);
            return va;
        }
    }

    /// <summary>Replaces the company's payment-code settings (control API).</summary>
    public Company PutCompany(Company company)
    {
        if (company.PaymentCodeTemplates.Count == 0)
        {
            throw new LedgerException("paymentCodeTemplates", "keep at least one template: the first is the default and cannot be deleted");
        }

        foreach (var (template, index) in company.PaymentCodeTemplates.Select((t, i) => (t, i)))
        {
            if (PaymentCodeMatcher.Problem(template) is { } problem)
            {
                throw new LedgerException($"paymentCodeTemplates[{index}]", problem);
            }
        }

        lock (_gate)
        {
            _company = company with { PaymentCodeTemplates = [.. company.PaymentCodeTemplates.Select(t => t with { Prefix = t.Prefix.ToUpperInvariant() })] };
            _store.Save(CompanyKind, 1, _company);
            return _company;
        }
    }

    /// <summary>Back to the seed data: accounts, VAs and company from the options, no transactions.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _accounts.Clear();
            _virtualAccounts.Clear();
            _transactions.Clear();
            foreach (var account in _options.Accounts)
            {
                _accounts[account.Id] = account;
            }

            foreach (var va in _options.VirtualAccounts)
            {
                _virtualAccounts[va.Id] = va;
            }

            _company = _options.Company;
            foreach (var kind in new[] { AccountKind, VirtualAccountKind, TransactionKind, CompanyKind })
            {
                _store.Clear(kind);
            }

            SaveAllNeedsLock();
        }
    }

    private VirtualAccount? FindVirtualAccountNeedsLock(BankAccount account, string? subAccount, string content)
    {
        var own = _virtualAccounts.Values.Where(v => v.BankAccountId == account.Id).ToList();
        if (subAccount is not null)
        {
            return own.FirstOrDefault(v => v.Number.Equals(subAccount, StringComparison.OrdinalIgnoreCase))
                ?? throw new LedgerException("subAccount", $"account {account.AccountNumber} has no virtual account {subAccount} (it has: {(own.Count == 0 ? "none" : string.Join(", ", own.Select(v => v.Number)))})", 404);
        }

        // A memo VA is the code written in the content, as a word of its own.
        return own.Where(v => v.Kind == Ledger.VirtualAccountKind.Memo)
            .FirstOrDefault(v => content.Split([' ', '.', ',', '-', '_', '/', ':'], StringSplitOptions.RemoveEmptyEntries).Any(w => w.Equals(v.Number, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private string NextReference()
    {
        Span<char> code = stackalloc char[12];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = "0123456789ABCDEF"[_random.Next(16)];
        }

        return "SB" + new string(code);
    }

    private static BankAccount Validate(BankAccount account) =>
        VietnameseBanks.Find(account.Bank) is null ? throw new LedgerException("bank", $"unknown bank '{account.Bank}'; use one of {string.Join(", ", VietnameseBanks.All.Select(b => b.ShortName))}")
        : string.IsNullOrWhiteSpace(account.AccountNumber) || account.AccountNumber.Length > 19 || !account.AccountNumber.All(char.IsAsciiDigit) ? throw new LedgerException("accountNumber", "an account number is 1 to 19 digits")
        : account.Accumulated < 0 ? throw new LedgerException("accumulated", "a balance cannot be negative")
        : account;

    private void SaveAllNeedsLock()
    {
        _store.Save(AccountKind, _accounts.Values.Select(a => (a.Id, a)));
        _store.Save(VirtualAccountKind, _virtualAccounts.Values.Select(v => (v.Id, v)));
        _store.Save(CompanyKind, 1, _company);
    }

    private sealed class ById : IComparer<Transaction>
    {
        public static readonly ById Instance = new();

        public int Compare(Transaction? x, Transaction? y) => x!.Id.CompareTo(y!.Id);
    }
}
