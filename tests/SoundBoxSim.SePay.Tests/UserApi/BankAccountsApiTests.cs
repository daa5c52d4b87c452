using System.Globalization;
using System.Text.Json;
using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Tests.UserApi.Support;
using static SoundBoxSim.SePay.Tests.UserApi.Support.UserApiRig;

namespace SoundBoxSim.SePay.Tests.UserApi;

public sealed class BankAccountsApiTests
{
    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Details_ShowsEveryField_InTheLegacyFormats_AndFollowsTheBalance()
    {
        await using var rig = await StartAsync();

        var before = await rig.OkAsync("/userapi/bankaccounts/details/21", "bankaccount");

        Assert.Equal(
            ["id", "account_holder_name", "account_number", "accumulated", "last_transaction", "label", "active", "created_at",
             "bank_short_name", "bank_full_name", "bank_bin", "bank_code"],
            before.EnumerateObject().Select(p => p.Name));
        Assert.Equal("21", before.GetProperty("id").GetString());
        Assert.Equal("NGUYEN THI B", before.GetProperty("account_holder_name").GetString());
        Assert.Equal(IcbNumber, before.GetProperty("account_number").GetString());
        Assert.Equal("2525493.00", before.GetProperty("accumulated").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("last_transaction").ValueKind);
        Assert.Equal("", before.GetProperty("label").GetString());
        Assert.Equal("1", before.GetProperty("active").GetString());
        Assert.Equal("2025-01-02 08:00:00", before.GetProperty("created_at").GetString());
        // VietinBank as in SePay's own example (contract §4.1).
        Assert.Equal("VietinBank", before.GetProperty("bank_short_name").GetString());
        Assert.Equal("Ngân hàng TMCP Công Thương Việt Nam", before.GetProperty("bank_full_name").GetString());
        Assert.Equal("970415", before.GetProperty("bank_bin").GetString());
        Assert.Equal("ICB", before.GetProperty("bank_code").GetString());

        const long amount = 474_507;
        rig.Transfer(amount, "DH4001", IcbNumber, after: TimeSpan.FromMinutes(3));
        var at = rig.Time.GetUtcNow();

        var after = await rig.OkAsync("/userapi/bankaccounts/details/21", "bankaccount");
        Assert.Equal(Invariant(IcbOpening + amount) + ".00", after.GetProperty("accumulated").GetString());
        Assert.Equal("3000000.00", after.GetProperty("accumulated").GetString());
        Assert.Equal(SePayTime(at), after.GetProperty("last_transaction").GetString());
        Assert.Equal("2026-05-04 12:02:47", after.GetProperty("last_transaction").GetString());
    }

    [Fact]
    public async Task Details_OfAnInactiveAccount_SaysActive0_AndTheBankOfIt()
    {
        await using var rig = await StartAsync();

        var acb = await rig.OkAsync("/userapi/bankaccounts/details/22", "bankaccount");

        Assert.Equal("0", acb.GetProperty("active").GetString());
        Assert.Equal("700000.00", acb.GetProperty("accumulated").GetString());
        Assert.Equal("Đã đóng", acb.GetProperty("label").GetString());
        Assert.Equal("ACB", acb.GetProperty("bank_short_name").GetString());
        Assert.Equal("Ngân hàng TMCP Á Châu", acb.GetProperty("bank_full_name").GetString());
        Assert.Equal("970416", acb.GetProperty("bank_bin").GetString());
        Assert.Equal("ACB", acb.GetProperty("bank_code").GetString());
    }

    [Fact]
    public async Task List_IsTheHighestIdFirst_EachItemTheDetails_AndCountAgrees()
    {
        await using var rig = await StartAsync();

        var list = (await rig.OkAsync("/userapi/bankaccounts/list", "bankaccounts")).EnumerateArray().ToList();

        Assert.Equal(["22", "21", "20", "19"], list.Select(a => a.GetProperty("id").GetString()));
        foreach (var item in list)
        {
            var details = await rig.OkAsync($"/userapi/bankaccounts/details/{item.GetProperty("id").GetString()}", "bankaccount");
            Assert.Equal(details.GetRawText(), item.GetRawText());
        }

        Assert.Equal(list.Count, (await rig.OkAsync("/userapi/bankaccounts/count", "count_bankaccounts")).GetInt32());
    }

    [Fact]
    public async Task EveryFilter_Alone_AndCombined_ListAndCountAgree()
    {
        await using var rig = await StartAsync();
        var day1 = new DateTimeOffset(2026, 5, 4, 0, 0, 0, Vietnam);
        rig.Time.SetUtcNow(day1.AddHours(20)); // 2026-05-04 20:00:00
        rig.Ledger.Transfer(new TransferRequest(500_000, "DH5001", VcbNumber));
        rig.Time.SetUtcNow(day1.AddDays(1).AddHours(7)); // 2026-05-05 07:00:00
        rig.Ledger.Transfer(new TransferRequest(700_000, "DH5002", MbNumber));
        // Balances now: 19: 1,500,000; 20: 700,000; 21: 2,525,493 (never used); 22: 700,000 (inactive, never used).
        var balances = new Dictionary<long, long> { [19] = VcbOpening + 500_000, [20] = MbOpening + 700_000, [21] = IcbOpening, [22] = AcbOpening };

        async Task Expect(string query, params long[] ids)
        {
            var expected = ids.OrderDescending().ToList();
            Assert.True(expected.SequenceEqual(await rig.IdsAsync("/userapi/bankaccounts/list" + query, "bankaccounts")), $"list{query}");
            Assert.Equal(expected.Count, (await rig.OkAsync("/userapi/bankaccounts/count" + query, "count_bankaccounts")).GetInt32());
        }

        await Expect("", 19, 20, 21, 22);
        await Expect(Query(("short_name", "Vietcombank")), 19);
        await Expect(Query(("short_name", "vietcombank")), 19);
        await Expect(Query(("short_name", "MBBank")), 20);
        await Expect(Query(("short_name", "Techcombank")));

        await Expect(Query(("last_transaction_date_max", "2026-05-04")), 19);
        await Expect(Query(("last_transaction_date_min", "2026-05-05")), 20);
        await Expect(Query(("last_transaction_date_min", "2026-05-04")), 19, 20); // never-used accounts match no date filter
        await Expect(Query(("last_transaction_date_min", "2026-05-04 20:00:00"), ("last_transaction_date_max", "2026-05-05 07:00:00")), 19, 20);
        await Expect(Query(("last_transaction_date_min", "2026-05-04 20:00:01")), 20);
        await Expect(Query(("last_transaction_date_max", "2026-05-05 06:59:59")), 19);
        await Expect(Query(("last_transaction_date_max", "2026-05-03")));

        await Expect(Query(("since_id", "21")), 21, 22);
        await Expect(Query(("since_id", "23")));

        await Expect(Query(("accumulated_min", "700000")), [.. balances.Where(b => b.Value >= 700_000).Select(b => b.Key)]);
        await Expect(Query(("accumulated_min", "700000.01")), [.. balances.Where(b => b.Value > 700_000).Select(b => b.Key)]);
        await Expect(Query(("accumulated_max", "700000.00")), [.. balances.Where(b => b.Value <= 700_000).Select(b => b.Key)]);
        await Expect(Query(("accumulated_min", "1000000"), ("accumulated_max", "2000000")), 19);
        await Expect(Query(("accumulated_min", "3000000")));

        await Expect(Query(("short_name", "MBBank"), ("accumulated_min", "700000"), ("last_transaction_date_min", "2026-05-05")), 20);
        await Expect(Query(("since_id", "20"), ("accumulated_max", "700000")), 20, 22);
        await Expect(Query(("since_id", ""), ("short_name", ""), ("limit", ""), ("foo", "bar")), 19, 20, 21, 22);
        Assert.Empty(rig.ServerErrors);
    }

    [Fact]
    public async Task List_WithoutLimit_GivesThe100MostRecent_AndLimitCuts()
    {
        await using var rig = await StartAsync();
        var added = Enumerable.Range(100, 120)
            .Select(id => rig.Ledger.PutAccount(new BankAccount(id, "TPBank", Invariant(5_000_000 + id), "KHACH HANG", id * 1_000, "", true, Created, null)).Id)
            .ToList();
        long[] all = [19, 20, 21, 22, .. added];
        var newestFirst = all.OrderDescending().ToList();

        var listed = await rig.IdsAsync("/userapi/bankaccounts/list", "bankaccounts");

        Assert.Equal(100, listed.Count);
        Assert.Equal(newestFirst.Take(100), listed);
        Assert.Equal(newestFirst.Take(3), await rig.IdsAsync("/userapi/bankaccounts/list?limit=3", "bankaccounts"));
        Assert.Equal(newestFirst, await rig.IdsAsync("/userapi/bankaccounts/list?limit=5000", "bankaccounts"));
        Assert.Equal(all.Length, (await rig.OkAsync("/userapi/bankaccounts/count", "count_bankaccounts")).GetInt32());
    }

    [Fact]
    public async Task Details_OfAnUnknownId_IsTheBusinessError404_WithHttp200()
    {
        await using var rig = await StartAsync();

        var answer = await rig.GetAsync("/userapi/bankaccounts/details/999");

        Assert.Contains("999", answer.AssertBusinessError(404), StringComparison.Ordinal);
    }
}
