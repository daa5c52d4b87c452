using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Storage;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Ledger;

public sealed class BankLedgerTests
{
    // 2026-03-25 07:02:37 UTC is 14:02:37 in Vietnam.
    private static readonly DateTimeOffset Start = new(2026, 3, 25, 7, 2, 37, TimeSpan.Zero);

    private static BankLedger NewLedger(ManualTimeProvider? time = null, DocumentStore? store = null) =>
        new(new LedgerOptions { TimeProvider = time ?? new ManualTimeProvider(Start) }, store ?? DocumentStore.InMemory());

    [Fact]
    public void Transfer_In_RecordsTheTransaction_AsSePayWouldReportIt()
    {
        var ledger = NewLedger();
        Transaction? raised = null;
        ledger.TransactionCreated += t => raised = t;

        var t = ledger.Transfer(new TransferRequest(150_000, "Thanh toan DH1709 ban 4"));

        Assert.Same(t, raised);
        Assert.Equal(100_001, t.Id);
        Assert.Equal("Vietcombank", t.Gateway);
        Assert.Equal("0071000888888", t.AccountNumber);
        Assert.Equal("DH1709", t.Code);
        Assert.Equal(TransferType.In, t.TransferType);
        Assert.Equal(15_150_000, t.Accumulated);
        Assert.Matches("^SB[0-9A-F]{12}$", t.ReferenceCode);
        Assert.Equal("2026-03-25 14:02:37", ledger.LocalTime(t.TransactionDate));
        Assert.Equal(15_150_000, ledger.Accounts.Single(a => a.Id == 19).Accumulated);
        Assert.Same(t, ledger.FindTransaction(100_001));
    }

    [Fact]
    public void Transfer_Out_LowersTheBalance_AndCannotOverdraw()
    {
        var ledger = NewLedger();
        var t = ledger.Transfer(new TransferRequest(500_000, "rut tien", AccountNumber: "0123499999", TransferType: TransferType.Out));
        Assert.Equal(2_000_000, t.Accumulated);

        var refused = Assert.Throws<LedgerException>(() => ledger.Transfer(new TransferRequest(2_000_001, "qua so du", AccountNumber: "0123499999", TransferType: TransferType.Out)));
        Assert.Equal(("amount", 409), (refused.Field, refused.Status));
        Assert.Equal(2_000_000, ledger.Accounts.Single(a => a.AccountNumber == "0123499999").Accumulated);
    }

    [Theory]
    [InlineData(999, "x", null, null, "amount", 400)]
    [InlineData(499_000_001, "x", null, null, "amount", 400)]
    [InlineData(10_000, null, "9999999999", null, "accountNumber", 404)]
    [InlineData(10_000, "x", "0071000888888", "NOPE1", "subAccount", 404)]
    [InlineData(10_000, "x", "0041000123456", null, "subAccount", 400)] // OCB takes VA transfers only
    [InlineData(10_000, "bad\u0007bell", null, null, "content", 400)]
    public void Transfer_OutsideTheRules_IsRefused_NamingTheField_AndRecordsNothing(long amount, string? content, string? account, string? va, string field, int status)
    {
        var ledger = NewLedger();

        var refused = Assert.Throws<LedgerException>(() => ledger.Transfer(new TransferRequest(amount, content, account, va)));

        Assert.Equal((field, status), (refused.Field, refused.Status));
        Assert.Empty(ledger.Transactions);
    }

    [Fact]
    public void Transfer_WithALoneSurrogate_IsRefused() // not a theory: test data serialisation would replace the surrogate
    {
        Assert.Equal("content", Assert.Throws<LedgerException>(() => NewLedger().Transfer(new TransferRequest(10_000, "lone \ud800 surrogate"))).Field);
    }

    [Fact]
    public void Transfer_ContentOf201Characters_IsRefused_200IsAccepted()
    {
        var ledger = NewLedger();
        Assert.Equal("content", Assert.Throws<LedgerException>(() => ledger.Transfer(new TransferRequest(10_000, new string('a', 201)))).Field);
        Assert.Equal(200, ledger.Transfer(new TransferRequest(10_000, new string('a', 200))).Content.Length);
    }

    [Fact]
    public void Transfer_WithoutContent_GetsTheSandboxText_WithTheVietnamTime()
    {
        var t = NewLedger().Transfer(new TransferRequest(50_000));

        Assert.Equal("Giao dich sandbox 25/03/2026 14:02:37", t.Content);
        Assert.Null(t.Code);
    }

    [Fact]
    public void VirtualAccounts_AreFound_ByNumber_OrAsAMemoCodeInTheContent()
    {
        var ledger = NewLedger();

        Assert.Equal("SBSEPAY00001", ledger.Transfer(new TransferRequest(10_000, "don 1", "0041000123456", "sbsepay00001")).SubAccount);
        Assert.Equal("TKPK7Q", ledger.Transfer(new TransferRequest(10_000, "chuyen khoan TKPK7Q DH12345", "0123499999")).SubAccount);
        Assert.Null(ledger.Transfer(new TransferRequest(10_000, "chuyen khoan XTKPK7Q", "0123499999")).SubAccount);
    }

    [Fact]
    public void References_AreUnique_AndTheSameSeedRepeatsThem()
    {
        var first = NewLedger();
        var second = NewLedger();
        var a = Enumerable.Range(0, 500).Select(_ => first.Transfer(new TransferRequest(1_000, "x")).ReferenceCode).ToList();
        var b = Enumerable.Range(0, 500).Select(_ => second.Transfer(new TransferRequest(1_000, "x")).ReferenceCode).ToList();

        Assert.Equal(500, a.Distinct().Count());
        Assert.Equal(a, b);
    }

    [Fact]
    public void AStore_KeepsAccountsAndTransactions_AcrossARestart_AndIdsGoOn()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("sepay-ledger"), "sepay.db");
        string firstReference;
        using (var store = DocumentStore.Open(path))
        {
            var ledger = NewLedger(store: store);
            firstReference = ledger.Transfer(new TransferRequest(150_000, "DH1001")).ReferenceCode;
            ledger.PutCompany(ledger.Company with { PaymentCodeTemplates = [new("hd", 3, 6, PaymentCodeCharacters.NumberAndLetter)] });
        }

        using (var store = DocumentStore.Open(path))
        {
            var ledger = NewLedger(store: store);
            Assert.Equal(15_150_000, ledger.Accounts.Single(a => a.Id == 19).Accumulated);
            Assert.Equal("DH1001", Assert.Single(ledger.Transactions).Code);
            Assert.Equal("HD", ledger.Company.PaymentCodeTemplates[0].Prefix);
            var next = ledger.Transfer(new TransferRequest(1_000, "HDAB12"));
            Assert.Equal(100_002, next.Id);
            Assert.Equal("HDAB12", next.Code);
            Assert.NotEqual(firstReference, next.ReferenceCode);
        }
    }

    [Fact]
    public void Reset_GoesBackToTheSeedData()
    {
        var ledger = NewLedger();
        ledger.Transfer(new TransferRequest(150_000, "DH1001"));

        ledger.Reset();

        Assert.Empty(ledger.Transactions);
        Assert.Equal(15_000_000, ledger.Accounts.Single(a => a.Id == 19).Accumulated);
    }
}
