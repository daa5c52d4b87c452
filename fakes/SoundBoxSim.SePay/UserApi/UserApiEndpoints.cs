using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SoundBoxSim.SePay.Banks;
using SoundBoxSim.SePay.Ledger;

namespace SoundBoxSim.SePay.UserApi;

/// <summary>
/// SePay's legacy transactions and bank-accounts API (v1, contract §4.1) over the fake's <see cref="BankLedger"/>:
/// <c>GET /userapi/transactions/list|details/{transaction_id}|count</c> and
/// <c>GET /userapi/bankaccounts/list|details/{bank_account_id}|count</c>, with <c>Authorization: Bearer {API_TOKEN}</c>.
/// </summary>
/// <remarks>
/// <para>Answers, all as SePay's legacy API gives them:</para>
/// <list type="bullet">
/// <item>Success: HTTP 200, <c>{"status":200,"error":null,"messages":{"success":true},"transactions":[...]}</c> (the key is
/// <c>transactions</c>, <c>transaction</c>, <c>count_transactions</c>, <c>bankaccounts</c>, <c>bankaccount</c> or
/// <c>count_bankaccounts</c>). Ids are strings, money is a string with two decimals (<c>"19689000.00"</c>), times are
/// <c>yyyy-MM-dd HH:mm:ss</c> in Vietnam time.</item>
/// <item>Missing, malformed or unknown token: HTTP 200 with an EMPTY body. Surprising, but it is SePay's documented
/// legacy behaviour (contract §4.1, from SePay's v2 migration page); a client must treat an empty 200 as "not
/// authorised". Such requests are not rate-limited (there is no token to count them against, and the answer gives
/// nothing away), and never use up a real token's slots.</item>
/// <item>A bad parameter: HTTP 200 with <c>{"status":400,"error":"&lt;what is wrong&gt;","messages":{"success":false}}</c>,
/// the error naming the parameter. An unknown id in <c>details</c>: HTTP 200 with the same shape and <c>"status":404</c>
/// (SePay answers business errors with HTTP 200 too).</item>
/// <item>More than <see cref="UserApiOptions.RequestsPerSecond"/> requests of one token within one second (sliding
/// window, see <see cref="UserApiOptions.RequestsPerSecond"/>): HTTP 429 with header <c>x-sepay-userapi-retry-after</c>
/// (whole seconds until a slot frees, rounded up) and <c>{"status":429,"error":"...","messages":{"success":false}}</c>.
/// Every authorised request counts, whatever its answer; refused ones do not.</item>
/// </list>
/// <para>Lists are the most recent first (highest id first; ids grow with time) and <c>limit</c> keeps the most recent
/// matches, as SePay's "default shows the 5000 most recent" says; so <c>since_id</c> with <c>limit</c> gives the newest
/// <c>limit</c> from that id on, not the next page after it. <c>count</c> takes the same filters as <c>list</c> and no
/// <c>limit</c> (a <c>limit</c> given to it is ignored like any unknown parameter). An empty value counts as absent; a
/// parameter given twice is a 400.</para>
/// </remarks>
public static class UserApiEndpoints
{
    /// <summary>The base path, as at SePay (<c>https://my.sepay.vn/userapi/</c>).</summary>
    public const string BasePath = "/userapi";

    /// <summary>The name of the header a 429 answer carries: whole seconds until the token may call again.</summary>
    public const string RetryAfterHeader = "x-sepay-userapi-retry-after";

    /// <summary>The largest <c>limit</c> of <c>transactions/list</c> (SePay: 5000).</summary>
    public const int MaxTransactionsLimit = 5000;

    /// <summary>The <c>limit</c> of <c>transactions/list</c> when none is given (SePay: 5000, the most recent).</summary>
    public const int DefaultTransactionsLimit = 5000;

    /// <summary>The <c>limit</c> of <c>bankaccounts/list</c> when none is given (SePay: 100, the most recent).</summary>
    public const int DefaultBankAccountsLimit = 100;

    /// <summary>The largest <c>limit</c> of <c>bankaccounts/list</c> (SePay documents none; the fake takes the transactions' 5000).</summary>
    public const int MaxBankAccountsLimit = 5000;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Maps the six routes under <see cref="BasePath"/>. Transactions list and count filters: <c>account_number</c>
    /// (exact), <c>transaction_date_min</c> / <c>transaction_date_max</c> (inclusive; <c>yyyy-mm-dd</c> or
    /// <c>yyyy-mm-dd HH:MM:SS</c> in Vietnam time; a date alone as the maximum takes in that whole day), <c>since_id</c>
    /// (id ≥), <c>reference_number</c> (exact), <c>amount_in</c> / <c>amount_out</c> (exact, VND; an out transaction's
    /// <c>amount_in</c> is 0); list only: <c>limit</c> 1 to <see cref="MaxTransactionsLimit"/>, default
    /// <see cref="DefaultTransactionsLimit"/>. Bank accounts list and count filters: <c>short_name</c> (the bank's,
    /// e.g. <c>Vietcombank</c>, case-insensitive), <c>last_transaction_date_min</c> / <c>_max</c> (as the transaction dates;
    /// an account with no transaction yet matches neither), <c>since_id</c>, <c>accumulated_min</c> /
    /// <c>accumulated_max</c> (inclusive, VND); list only: <c>limit</c> 1 to <see cref="MaxBankAccountsLimit"/>, default
    /// <see cref="DefaultBankAccountsLimit"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> cannot be used; the message names the property.</exception>
    public static IEndpointRouteBuilder MapSePayUserApi(this IEndpointRouteBuilder app, BankLedger ledger, UserApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var tokens = new HashSet<string>(options.ApiTokens, StringComparer.Ordinal);
        var limiter = new TokenRateLimiter(options.RequestsPerSecond, options.TimeProvider);
        var api = app.MapGroup(BasePath);

        api.MapGet("/transactions/list", (HttpRequest request) => Handle(request, tokens, limiter, query =>
        {
            var filter = TransactionFilter.Read(query);
            var limit = query.Integer("limit", 1, MaxTransactionsLimit) ?? DefaultTransactionsLimit;
            return Ok("transactions", filter.Apply(ledger).Take((int)limit).Select(t => TransactionView(ledger, t)).ToList());
        }));
        api.MapGet("/transactions/count", (HttpRequest request) => Handle(request, tokens, limiter, query =>
            Ok("count_transactions", TransactionFilter.Read(query).Apply(ledger).Count())));
        api.MapGet("/transactions/details/{transaction_id}", (HttpRequest request) => Handle(request, tokens, limiter, _ =>
        {
            var id = UserApiQuery.ParseInteger("transaction_id", request.RouteValues["transaction_id"] as string ?? "", 1);
            return ledger.FindTransaction(id) is { } transaction
                ? Ok("transaction", TransactionView(ledger, transaction))
                : Error(404, $"no transaction with id {id}");
        }));

        api.MapGet("/bankaccounts/list", (HttpRequest request) => Handle(request, tokens, limiter, query =>
        {
            var filter = AccountFilter.Read(query);
            var limit = query.Integer("limit", 1, MaxBankAccountsLimit) ?? DefaultBankAccountsLimit;
            return Ok("bankaccounts", filter.Apply(ledger).Take((int)limit).Select(a => AccountView(ledger, a)).ToList());
        }));
        api.MapGet("/bankaccounts/count", (HttpRequest request) => Handle(request, tokens, limiter, query =>
            Ok("count_bankaccounts", AccountFilter.Read(query).Apply(ledger).Count())));
        api.MapGet("/bankaccounts/details/{bank_account_id}", (HttpRequest request) => Handle(request, tokens, limiter, _ =>
        {
            var id = UserApiQuery.ParseInteger("bank_account_id", request.RouteValues["bank_account_id"] as string ?? "", 1);
            return ledger.Accounts.FirstOrDefault(a => a.Id == id) is { } account
                ? Ok("bankaccount", AccountView(ledger, account))
                : Error(404, $"no bank account with id {id}");
        }));

        return app;
    }

    private static IResult Handle(HttpRequest request, HashSet<string> tokens, TokenRateLimiter limiter, Func<UserApiQuery, IResult> answer)
    {
        if (Token(request) is not { } token || !tokens.Contains(token))
        {
            return EmptyOk.Instance;
        }

        if (!limiter.TryAcquire(token, out var retryAfter))
        {
            return new TooManyRequests(retryAfter, Envelope(429,
                $"too many requests: at most {limiter.PerSecond} per second for this API token; retry after {retryAfter} s (header {RetryAfterHeader})"));
        }

        try
        {
            return answer(new UserApiQuery(request.Query));
        }
        catch (UserApiParameterException error)
        {
            return Error(400, error.Message);
        }
    }

    private static string? Token(HttpRequest request)
    {
        var headers = request.Headers.Authorization;
        return headers.Count == 1
            && AuthenticationHeaderValue.TryParse(headers[0], out var value)
            && value.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(value.Parameter)
            ? value.Parameter
            : null;
    }

    private static Dictionary<string, object?> Envelope(int status, string? error) => new()
    {
        ["status"] = status,
        ["error"] = error,
        ["messages"] = new Dictionary<string, bool> { ["success"] = error is null },
    };

    private static IResult Ok(string key, object value)
    {
        var body = Envelope(200, null);
        body[key] = value;
        return Results.Json(body, Json, statusCode: 200);
    }

    /// <summary>SePay's business error: HTTP 200, the status in the body.</summary>
    private static IResult Error(int status, string message) => Results.Json(Envelope(status, message), Json, statusCode: 200);

    private static string Money(long value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static object TransactionView(BankLedger ledger, Transaction t) => new
    {
        id = Id(t.Id),
        transaction_date = ledger.LocalTime(t.TransactionDate),
        account_number = t.AccountNumber,
        sub_account = t.SubAccount,
        amount_in = Money(t.TransferType == TransferType.In ? t.Amount : 0),
        amount_out = Money(t.TransferType == TransferType.Out ? t.Amount : 0),
        accumulated = Money(t.Accumulated),
        code = t.Code,
        transaction_content = t.Content,
        reference_number = t.ReferenceCode,
        bank_brand_name = t.Gateway,
        bank_account_id = Id(t.BankAccountId),
    };

    private static object AccountView(BankLedger ledger, BankAccount a)
    {
        var bank = VietnameseBanks.Find(a.Bank);
        return new
        {
            id = Id(a.Id),
            account_holder_name = a.HolderName,
            account_number = a.AccountNumber,
            accumulated = Money(a.Accumulated),
            last_transaction = a.LastTransaction is { } last ? ledger.LocalTime(last) : null,
            label = a.Label,
            active = a.Active ? "1" : "0",
            created_at = ledger.LocalTime(a.CreatedAt),
            bank_short_name = bank?.ShortName ?? a.Bank,
            bank_full_name = bank?.FullName ?? a.Bank,
            bank_bin = bank?.Bin ?? "",
            bank_code = bank?.Code ?? a.Bank,
        };
    }

    private sealed record TransactionFilter(
        string? AccountNumber, string? DateMin, string? DateMax, long? SinceId, string? ReferenceNumber, decimal? AmountIn, decimal? AmountOut)
    {
        public static TransactionFilter Read(UserApiQuery query) => new(
            query.Text("account_number"),
            query.DateBound("transaction_date_min", upper: false),
            query.DateBound("transaction_date_max", upper: true),
            query.Integer("since_id"),
            query.Text("reference_number"),
            query.Money("amount_in"),
            query.Money("amount_out"));

        /// <summary>The matching transactions, the most recent (highest id) first.</summary>
        public IEnumerable<Transaction> Apply(BankLedger ledger)
        {
            var all = ledger.Transactions;
            for (var i = all.Count - 1; i >= 0; i--)
            {
                if (Matches(ledger, all[i]))
                {
                    yield return all[i];
                }
            }
        }

        private bool Matches(BankLedger ledger, Transaction t)
        {
            if ((AccountNumber is not null && !t.AccountNumber.Equals(AccountNumber, StringComparison.Ordinal))
                || (SinceId is { } since && t.Id < since)
                || (ReferenceNumber is not null && !t.ReferenceCode.Equals(ReferenceNumber, StringComparison.Ordinal))
                || (AmountIn is { } amountIn && (t.TransferType == TransferType.In ? t.Amount : 0) != amountIn)
                || (AmountOut is { } amountOut && (t.TransferType == TransferType.Out ? t.Amount : 0) != amountOut))
            {
                return false;
            }

            if (DateMin is null && DateMax is null)
            {
                return true;
            }

            var date = ledger.LocalTime(t.TransactionDate); // yyyy-MM-dd HH:mm:ss compares in time order as text
            return (DateMin is null || string.CompareOrdinal(date, DateMin) >= 0) && (DateMax is null || string.CompareOrdinal(date, DateMax) <= 0);
        }
    }

    private sealed record AccountFilter(string? ShortName, string? LastMin, string? LastMax, long? SinceId, decimal? AccumulatedMin, decimal? AccumulatedMax)
    {
        public static AccountFilter Read(UserApiQuery query) => new(
            query.Text("short_name"),
            query.DateBound("last_transaction_date_min", upper: false),
            query.DateBound("last_transaction_date_max", upper: true),
            query.Integer("since_id"),
            query.Money("accumulated_min"),
            query.Money("accumulated_max"));

        /// <summary>The matching accounts, the most recent (highest id) first.</summary>
        public IEnumerable<BankAccount> Apply(BankLedger ledger) =>
            ledger.Accounts.Where(a => Matches(ledger, a)).OrderByDescending(a => a.Id);

        private bool Matches(BankLedger ledger, BankAccount a)
        {
            if ((ShortName is not null && !(VietnameseBanks.Find(a.Bank)?.ShortName ?? a.Bank).Equals(ShortName, StringComparison.OrdinalIgnoreCase))
                || (SinceId is { } since && a.Id < since)
                || (AccumulatedMin is { } min && a.Accumulated < min)
                || (AccumulatedMax is { } max && a.Accumulated > max))
            {
                return false;
            }

            if (LastMin is null && LastMax is null)
            {
                return true;
            }

            if (a.LastTransaction is not { } lastTransaction)
            {
                return false;
            }

            var last = ledger.LocalTime(lastTransaction);
            return (LastMin is null || string.CompareOrdinal(last, LastMin) >= 0) && (LastMax is null || string.CompareOrdinal(last, LastMax) <= 0);
        }
    }

    /// <summary>SePay's answer to a missing or unknown token: HTTP 200 and no body at all.</summary>
    private sealed class EmptyOk : IResult
    {
        public static readonly EmptyOk Instance = new();

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 200;
            httpContext.Response.ContentLength = 0;
            return Task.CompletedTask;
        }
    }

    private sealed class TooManyRequests(int retryAfterSeconds, Dictionary<string, object?> body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[RetryAfterHeader] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Json(body, Json, statusCode: 429).ExecuteAsync(httpContext);
        }
    }
}
