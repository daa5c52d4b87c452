using SoundBoxSim.SePay.Ledger;
using SoundBoxSim.SePay.Storage;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks;

public sealed class WebhookRegistryTests
{
    private static readonly Webhook Valid = new() { Name = "Shop", WebhookUrl = "http://127.0.0.1:3000/hook" };

    private static (WebhookRegistry Registry, BankLedger Ledger) New(DocumentStore? store = null)
    {
        var time = new ManualTimeProvider();
        store ??= DocumentStore.InMemory();
        var ledger = new BankLedger(new LedgerOptions { TimeProvider = time }, store);
        return (new WebhookRegistry(ledger, store, time), ledger);
    }

    [Fact]
    public void Create_NumbersThem_AndGeneratesAnHmacSecretWhenNoneIsGiven()
    {
        var (registry, _) = New();

        var first = registry.Create(Valid);
        var second = registry.Create(Valid with { AuthType = WebhookAuthType.HmacSha256 });

        Assert.Equal((1, 2), (first.Id, second.Id));
        Assert.Null(first.SecretKey);
        Assert.Matches("^whsec_[0-9a-f]{32}$", second.SecretKey);
    }

    public static TheoryData<Webhook, string> Invalid => new()
    {
        { Valid with { Name = "" }, "name" },
        { Valid with { Name = new string('n', 301) }, "name" },
        { Valid with { WebhookUrl = "ftp://example.com/hook" }, "webhook_url" },
        { Valid with { WebhookUrl = "/relative" }, "webhook_url" },
        { Valid with { WebhookUrl = "http://user:pw@example.com/" }, "webhook_url" },
        { Valid with { WebhookUrl = "http://example.com/" + new string('a', 300) }, "webhook_url" },
        { Valid with { EventType = (WebhookEventType)9 }, "event_type" },
        { Valid with { AuthType = WebhookAuthType.ApiKey }, "api_key" },
        { Valid with { AuthType = WebhookAuthType.ApiKey, ApiKey = "short" }, "api_key" },
        { Valid with { AuthType = WebhookAuthType.HmacSha256, SecretKey = "tiny" }, "secret_key" },
        { Valid with { AuthType = WebhookAuthType.OAuth2 }, "oauth" },
        { Valid with { AuthType = WebhookAuthType.OAuth2, OAuth = new("not a url", "id", "secret") }, "oauth_token_url" },
        { Valid with { AuthType = WebhookAuthType.OAuth2, OAuth = new("http://127.0.0.1/token", "", "secret") }, "oauth_client_id" },
        { Valid with { PrefixFilters = [.. Enumerable.Range(0, 21).Select(i => $"P{i}")] }, "prefix_filters" },
        { Valid with { PrefixFilters = ["DH", "bad prefix"] }, "prefix_filters[1]" },
        { Valid with { AlertThreshold = 21 }, "alert_threshold" },
        { Valid with { AlertEventTypes = ["explosion"] }, "alert_event_types" },
        { Valid with { BankAccountId = 999 }, "bank_account_id" },
        { Valid with { BankAccountId = 19, BankSubAccountIds = [26] }, "bank_sub_account_ids" }, // VA 26 belongs to account 22
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Create_Invalid_NamesTheField_AndKeepsNothing(Webhook webhook, string field)
    {
        var (registry, _) = New();

        Assert.Equal(field, Assert.Throws<WebhookValidationException>(() => registry.Create(webhook)).Field);
        Assert.Empty(registry.All);
    }

    [Fact]
    public void Update_Validates_KeepsIdAndCreation_AndDelete_RemovesIt()
    {
        var (registry, _) = New();
        var created = registry.Create(Valid);
        var changes = new List<(long, Webhook?)>();
        registry.Changed += (id, w) => changes.Add((id, w));

        Assert.Throws<WebhookValidationException>(() => registry.Update(created.Id, w => w with { WebhookUrl = "nope" }));
        var updated = registry.Update(created.Id, w => w with { Name = "Renamed", Id = 77 })!;

        Assert.Equal((created.Id, created.CreatedAt, "Renamed"), (updated.Id, updated.CreatedAt, updated.Name));
        Assert.Equal(Valid.WebhookUrl, registry.Find(created.Id)!.WebhookUrl);
        Assert.Null(registry.Update(42, w => w));
        Assert.True(registry.Delete(created.Id));
        Assert.False(registry.Delete(created.Id));
        Assert.Equal([(1L, (Webhook?)updated), (1L, null)], changes);
    }

    [Fact]
    public void AStore_KeepsWebhooks_AcrossARestart()
    {
        var path = Path.Combine(RepoPaths.NewTempFolder("sepay-webhooks"), "sepay.db");
        using (var store = DocumentStore.Open(path))
        {
            New(store).Registry.Create(Valid with { AuthType = WebhookAuthType.HmacSha256, PrefixFilters = ["dh"] });
        }

        using (var store = DocumentStore.Open(path))
        {
            var (registry, _) = New(store);
            var kept = Assert.Single(registry.All);
            Assert.Equal(["DH"], kept.PrefixFilters);
            Assert.Equal(WebhookAuthType.HmacSha256, kept.AuthType);
            Assert.Equal(2, registry.Create(Valid).Id);
        }
    }

    [Fact]
    public void Matching_AppliesEveryFilter()
    {
        var (registry, ledger) = New();
        var all = registry.Create(Valid with { Name = "all", EventType = WebhookEventType.All });
        var inOnly = registry.Create(Valid with { Name = "in" });
        var outOnly = registry.Create(Valid with { Name = "out", EventType = WebhookEventType.OutOnly });
        var mbOnly = registry.Create(Valid with { Name = "mb", BankAccountId = 20 });
        var vaOnly = registry.Create(Valid with { Name = "va", OnlyVa = true, BankSubAccountIds = [25] });
        var coded = registry.Create(Valid with { Name = "coded", SkipIfNoCode = true });
        var prefixed = registry.Create(Valid with { Name = "prefixed", PrefixFilters = ["DH9"] });
        var inactive = registry.Create(Valid with { Name = "off", Active = false });

        string[] Fired(Transaction t) => [.. registry.Matching(t).Select(w => w.Name)];

        Assert.Equal(["all", "in"], Fired(ledger.Transfer(new TransferRequest(10_000, "khong ma"))));
        Assert.Equal(["all", "in", "va", "coded", "prefixed"], Fired(ledger.Transfer(new TransferRequest(10_000, "DH9001", SubAccount: "VCB0011ABC002"))));
        Assert.Equal(["all", "in", "mb", "coded"], Fired(ledger.Transfer(new TransferRequest(10_000, "DH1001", AccountNumber: "0123499999"))));
        Assert.Equal(["all", "out"], Fired(ledger.Transfer(new TransferRequest(10_000, "rut", TransferType: TransferType.Out))));
        Assert.False(WebhookFilter.Matches(inactive, ledger.Transactions[0], out var reason));
        Assert.Equal("inactive", reason);
        _ = (all, inOnly, outOnly, mbOnly, vaOnly, coded, prefixed);
    }
}
