using System.Globalization;
using System.Text.Json;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Tests.UserApi.Support;
using static SoundBoxSim.SePay.Tests.UserApi.Support.UserApiRig;

namespace SoundBoxSim.SePay.Tests.UserApi;

public sealed class TransactionsApiTests
{
    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Details_ShowsEveryField_InTheLegacyFormats()
    {
        await using var rig = await StartAsync();
        const long amount = 19_689_000;
        const string content = "TRAN THIEN THAO chuyen tien DH123456";
        var made = rig.Transfer(amount, content, va: VcbVa);
        var at = rig.Time.GetUtcNow();

        var tx = await rig.OkAsync($"/userapi/transactions/details/{made.Id}", "transaction");

        Assert.Equal(
            ["id", "transaction_date", "account_number", "sub_account", "amount_in", "amount_out", "accumulated", "code",
             "transaction_content", "reference_number", "bank_brand_name", "bank_account_id"],
            tx.EnumerateObject().Select(p => p.Name));
        foreach (var property in tx.EnumerateObject())
        {
            Assert.True(property.Value.ValueKind == JsonValueKind.String, $"{property.Name} is {property.Value.ValueKind}, not a string");
        }

        Assert.Equal(Invariant(made.Id), tx.GetProperty("id").GetString());
        Assert.Equal("2026-05-04 11:59:48", tx.GetProperty("transaction_date").GetString()); // Start + 1 s, in Vietnam time
        Assert.Equal(SePayTime(at), tx.GetProperty("transaction_date").GetString());
        Assert.Equal(VcbNumber, tx.GetProperty("account_number").GetString());
        Assert.Equal(VcbVa, tx.GetProperty("sub_account").GetString());
        Assert.Equal("19689000.00", tx.GetProperty("amount_in").GetString());
        Assert.Equal("0.00", tx.GetProperty("amount_out").GetString());
        Assert.Equal(Invariant(VcbOpening + amount) + ".00", tx.GetProperty("accumulated").GetString());
        Assert.Equal("DH123456", tx.GetProperty("code").GetString());
        Assert.Equal(content, tx.GetProperty("transaction_content").GetString());
        Assert.Equal(made.ReferenceCode, tx.GetProperty("reference_number").GetString());
        Assert.Equal("Vietcombank", tx.GetProperty("bank_brand_name").GetString());
        Assert.Equal("19", tx.GetProperty("bank_account_id").GetString());
        Assert.Empty(rig.ServerErrors);
    }

    [Fact]
    public async Task Details_OfAnOutTransfer_ShowsAmountOut_AndNullCodeAndSubAccount()
    {
        await using var rig = await StartAsync();
        const long income = 3_000_000, payment = 1_234_000;
        const string content = "Thanh toán tiền điện tháng 5";
        rig.Transfer(income, "nap tien", MbNumber);
        var made = rig.Transfer(payment, content, MbNumber, type: TransferType.Out);

        var tx = await rig.OkAsync($"/userapi/transactions/details/{made.Id}", "transaction");

        Assert.Equal("0.00", tx.GetProperty("amount_in").GetString());
        Assert.Equal("1234000.00", tx.GetProperty("amount_out").GetString());
        Assert.Equal(Invariant(MbOpening + income - payment) + ".00", tx.GetProperty("accumulated").GetString());
        Assert.Equal(JsonValueKind.Null, tx.GetProperty("code").ValueKind);
        Assert.Equal(JsonValueKind.Null, tx.GetProperty("sub_account").ValueKind);
        Assert.Equal(content, tx.GetProperty("transaction_content").GetString());
        Assert.Equal("MBBank", tx.GetProperty("bank_brand_name").GetString());
        Assert.Equal("20", tx.GetProperty("bank_account_id").GetString());
    }

    [Fact]
    public async Task List_IsTheMostRecentFirst_AndEachItemIsTheDetailsObject()
    {
        await using var rig = await StartAsync();
        var made = new[]
        {
            rig.Transfer(150_000, "DH1001", VcbNumber),
            rig.Transfer(200_000, "DH1002", MbNumber),
            rig.Transfer(50_000, "chi", VcbNumber, type: TransferType.Out),
            rig.Transfer(2_000_000, "", IcbNumber),
        };

        var list = await rig.OkAsync("/userapi/transactions/list", "transactions");

        var items = list.EnumerateArray().ToList();
        Assert.Equal(made.Reverse().Select(t => Invariant(t.Id)), items.Select(i => i.GetProperty("id").GetString()));
        foreach (var item in items)
        {
            var details = await rig.OkAsync($"/userapi/transactions/details/{item.GetProperty("id").GetString()}", "transaction");
            Assert.Equal(details.GetRawText(), item.GetRawText());
        }

        Assert.Equal(made.Length, (await rig.OkAsync("/userapi/transactions/count", "count_transactions")).GetInt32());
    }

    [Fact]
    public async Task List_Empty_IsAnEmptyArray_AndCountZero()
    {
        await using var rig = await StartAsync();
        Assert.Equal(JsonValueKind.Array, (await rig.OkAsync("/userapi/transactions/list", "transactions")).ValueKind);
        Assert.Empty(await rig.IdsAsync("/userapi/transactions/list"));
        var count = await rig.OkAsync("/userapi/transactions/count", "count_transactions");
        Assert.Equal(JsonValueKind.Number, count.ValueKind);
        Assert.Equal(0, count.GetInt32());
    }

    [Fact]
    public async Task Limit_KeepsTheMostRecent()
    {
        await using var rig = await StartAsync();
        var ids = Enumerable.Range(1, 5).Select(i => rig.Transfer(10_000 * i, $"DH{1000 + i}").Id).ToList();
        var newestFirst = Enumerable.Reverse(ids).ToList();

        Assert.Equal(newestFirst.Take(2), await rig.IdsAsync("/userapi/transactions/list?limit=2"));
        Assert.Equal(newestFirst.Take(1), await rig.IdsAsync("/userapi/transactions/list?limit=1"));
        Assert.Equal(newestFirst, await rig.IdsAsync("/userapi/transactions/list?limit=5000"));
        Assert.Equal(newestFirst.Where(id => id >= ids[1]).Take(2), await rig.IdsAsync($"/userapi/transactions/list?since_id={ids[1]}&limit=2"));
        // count ignores limit: it counts every match.
        Assert.Equal(ids.Count, (await rig.OkAsync("/userapi/transactions/count?limit=2", "count_transactions")).GetInt32());
    }

    [Fact]
    public async Task List_WithoutLimit_GivesThe5000MostRecent()
    {
        await using var rig = await StartAsync();
        const int made = 5_001;
        var ids = new List<long>(made);
        for (var i = 0; i < made; i++)
        {
            ids.Add(rig.Transfer(1_000 + i, $"DH{10_000 + i}", after: TimeSpan.FromMilliseconds(100)).Id);
        }

        var listed = await rig.IdsAsync("/userapi/transactions/list");

        Assert.Equal(5_000, listed.Count);
        Assert.Equal(Enumerable.Reverse(ids).Take(5_000), listed);
        Assert.DoesNotContain(ids[0], listed);
        Assert.Equal(made, (await rig.OkAsync("/userapi/transactions/count", "count_transactions")).GetInt32());
    }

    [Fact]
    public async Task EveryFilter_Alone_AndCombined_ListAndCountAgree()
    {
        await using var rig = await StartAsync();
        var day1 = new DateTimeOffset(2026, 5, 4, 0, 0, 0, Vietnam);
        // [0] 2026-05-04 11:59:48 VCB in 150,000
        var t0 = rig.Transfer(150_000, "DH2001", VcbNumber);
        // [1] 2026-05-04 13:59:48 MB in 150,000
        var t1 = rig.Transfer(150_000, "DH2002", MbNumber, after: TimeSpan.FromHours(2));
        // [2] 2026-05-04 23:59:59 VCB out 150,000
        rig.Time.SetUtcNow(day1.AddDays(1).AddSeconds(-1));
        var t2 = rig.Ledger.Transfer(new TransferRequest(150_000, "chi tra", VcbNumber, null, TransferType.Out));
        // [3] 2026-05-05 00:00:00 VCB in 480,000 through the VA
        rig.Time.SetUtcNow(day1.AddDays(1));
        var t3 = rig.Ledger.Transfer(new TransferRequest(480_000, "DH2003", VcbNumber, VcbVa, TransferType.In));
        // [4] 2026-05-06 09:30:00 VietinBank in 150,000.
        rig.Time.SetUtcNow(day1.AddDays(2).AddHours(9).AddMinutes(30));
        var t4 = rig.Ledger.Transfer(new TransferRequest(150_000, "DH2004", IcbNumber, null, TransferType.In));
        var t = new[] { t0, t1, t2, t3, t4 };
        Assert.Equal("2026-05-04 23:59:59", SePayTime(t2.TransactionDate));

        async Task Expect(string query, params int[] which)
        {
            var expected = which.Select(i => t[i].Id).OrderDescending().ToList();
            Assert.True(expected.SequenceEqual(await rig.IdsAsync("/userapi/transactions/list" + query)), $"list{query}");
            Assert.Equal(expected.Count, (await rig.OkAsync("/userapi/transactions/count" + query, "count_transactions")).GetInt32());
        }

        await Expect("", 0, 1, 2, 3, 4);
        await Expect(Query(("account_number", VcbNumber)), 0, 2, 3);
        await Expect(Query(("account_number", MbNumber)), 1);
        await Expect(Query(("account_number", "000000")));
        await Expect(Query(("account_number", VcbVa))); // a VA is a sub_account, not an account number

        await Expect(Query(("transaction_date_max", "2026-05-04")), 0, 1, 2); // a date alone: the whole day
        await Expect(Query(("transaction_date_min", "2026-05-05")), 3, 4);
        await Expect(Query(("transaction_date_min", "2026-05-04"), ("transaction_date_max", "2026-05-04")), 0, 1, 2);
        await Expect(Query(("transaction_date_min", "2026-05-04 13:59:48"), ("transaction_date_max", "2026-05-05 00:00:00")), 1, 2, 3); // inclusive
        await Expect(Query(("transaction_date_min", "2026-05-04 13:59:49")), 2, 3, 4);
        await Expect(Query(("transaction_date_max", "2026-05-04 23:59:58")), 0, 1);
        await Expect(Query(("transaction_date_min", "2026-05-07")));
        await Expect("?transaction_date_min=2026-05-04+13:59:48&transaction_date_max=2026-05-04+23:59:59", 1, 2); // '+' for the space

        await Expect(Query(("since_id", Invariant(t2.Id))), 2, 3, 4);
        await Expect(Query(("since_id", Invariant(t4.Id))), 4);
        await Expect(Query(("since_id", Invariant(t4.Id + 1))));
        await Expect(Query(("since_id", "0")), 0, 1, 2, 3, 4);

        await Expect(Query(("reference_number", t1.ReferenceCode)), 1);
        await Expect(Query(("reference_number", t1.ReferenceCode.ToLowerInvariant())));
        await Expect(Query(("reference_number", "SB000000000000")));

        await Expect(Query(("amount_in", "150000")), 0, 1, 4);
        await Expect(Query(("amount_in", "150000.00")), 0, 1, 4);
        await Expect(Query(("amount_in", "480000")), 3);
        await Expect(Query(("amount_in", "150000.5")));
        await Expect(Query(("amount_in", "0")), 2); // an out transaction's amount_in is 0
        await Expect(Query(("amount_out", "150000")), 2);
        await Expect(Query(("amount_out", "0.00")), 0, 1, 3, 4);

        await Expect(Query(("account_number", VcbNumber), ("amount_in", "150000")), 0);
        await Expect(Query(("account_number", VcbNumber), ("transaction_date_min", "2026-05-04 23:00:00"), ("since_id", Invariant(t3.Id))), 3);
        await Expect(Query(("amount_in", "150000"), ("transaction_date_min", "2026-05-05")), 4);
        await Expect(Query(("amount_in", "150000"), ("amount_out", "150000"))); // never both

        // An empty value counts as absent; unknown parameters are ignored.
        await Expect(Query(("since_id", ""), ("limit", ""), ("account_number", ""), ("amount_in", "")), 0, 1, 2, 3, 4);
        await Expect(Query(("foo", "bar"), ("page", "2")), 0, 1, 2, 3, 4);

        Assert.Empty(rig.ServerErrors);
    }

    [Fact]
    public async Task Details_OfAnUnknownId_IsTheBusinessError404_WithHttp200()
    {
        await using var rig = await StartAsync();
        var made = rig.Transfer(150_000, "DH3001");
        var unknown = made.Id + 1;

        var answer = await rig.GetAsync($"/userapi/transactions/details/{unknown}");

        var error = answer.AssertBusinessError(404);
        Assert.Contains(Invariant(unknown), error, StringComparison.Ordinal);
        Assert.Equal("application/json", answer.MediaType);
    }
}
