using System.Globalization;
using System.Text;
using SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class HmacSignerTests
{
    private const string ContractSecret = "whsec_a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7";

    private const string SeedExampleJson =
        """{"id":92704,"gateway":"Vietcombank","transactionDate":"2023-03-25 14:02:37","accountNumber":"0123499999","code":null,"content":"transfer to buy iphone","transferType":"in","transferAmount":2277000,"accumulated":19077000,"subAccount":null,"referenceCode":"MBVCB.3278907687","description":""}""";

    [Fact]
    public void ComputeSignature_MatchesAVectorComputedWithOpenssl()
    {
        // Computed once in a shell (1679727757 = 2023-03-25 14:02:37 +07:00, from `date -u -d '2023-03-25 07:02:37' +%s`):
        //   printf '%s' '1679727757.<SeedExampleJson>' | openssl dgst -sha256 -hmac 'whsec_a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7'
        const string Openssl = "47a766e115f8ee41a81314b6d3e217a01a3fa291b3f2c5713fd89b337297874e";

        Assert.Equal("sha256=" + Openssl, HmacSigner.ComputeSignature(ContractSecret, "1679727757", Encoding.UTF8.GetBytes(SeedExampleJson)));
    }

    [Fact]
    public void ComputeSignature_UsesTheUtf8BytesOfSecretAndBody()
    {
        // printf '%s' '1767225600.{"content":"Thanh toán đơn hàng DH1234"}' | openssl dgst -sha256 -hmac 'khóa bí mật'  (a UTF-8 shell)
        const string Openssl = "45915eebab0cf6df805ba52daeedc6ce6fb257efd01368223acfeb0b033fa4d3";

        Assert.Equal("sha256=" + Openssl, HmacSigner.ComputeSignature("khóa bí mật", "1767225600", Encoding.UTF8.GetBytes("""{"content":"Thanh toán đơn hàng DH1234"}""")));
    }

    [Fact]
    public void Sign_TakesUnixSecondsFromTheClock_DroppingFractions()
    {
        var time = new ManualTimeProvider(); // 2026-01-01T00:00:00Z = 1767225600 (`date -u -d @1767225600`)
        var body = Encoding.UTF8.GetBytes(SeedExampleJson);

        var first = HmacSigner.Sign(ContractSecret, body, time);
        time.Advance(TimeSpan.FromSeconds(90.9));
        var later = HmacSigner.Sign(ContractSecret, body, time);

        Assert.Equal("1767225600", first.Timestamp);
        Assert.Equal("1767225690", later.Timestamp);
        Assert.NotEqual(first.Signature, later.Signature);
        Assert.Matches("^sha256=[0-9a-f]{64}$", first.Signature);
    }

    [Fact]
    public async Task ComputeSignature_AgreesWithNodeCrypto_OnRandomSecretsBodiesAndEveryContentType()
    {
        var random = new Random(20260101);
        var vectors = new List<HmacVector>();
        foreach (var contentType in Enum.GetValues<WebhookContentType>())
        {
            foreach (var payload in new[] { Payloads.SeedExample, Payloads.Awkward })
            {
                vectors.Add(new(ContractSecret, "1767225600", PayloadEncoder.Encode(payload, contentType).Bytes.ToArray()));
            }
        }

        string[] alphabet = ["a", "Z", "0", "_", " ", ".", "ế", "đ", "😀", "\"", "\\", "\n"];
        for (var i = 0; i < 300; i++)
        {
            var secret = string.Concat(Enumerable.Range(0, random.Next(0, 80)).Select(_ => alphabet[random.Next(alphabet.Length)]));
            var body = new byte[random.Next(0, 3000)];
            random.NextBytes(body);
            var timestamp = random.NextInt64(0, 4_000_000_000).ToString(CultureInfo.InvariantCulture);
            vectors.Add(new(secret, timestamp, body));
        }

        var expected = await NodeHmac.SignAsync(vectors);

        for (var i = 0; i < vectors.Count; i++)
        {
            Assert.Equal(expected[i], HmacSigner.ComputeSignature(vectors[i].Secret, vectors[i].Timestamp, vectors[i].Body));
        }
    }

    [Fact]
    public void Verify_AcceptsTheSignature_AndNothingChanged()
    {
        var body = Encoding.UTF8.GetBytes(SeedExampleJson);
        var signature = HmacSigner.ComputeSignature(ContractSecret, "1679727757", body);

        Assert.True(HmacSigner.Verify(ContractSecret, "1679727757", body, signature));
        Assert.False(HmacSigner.Verify(ContractSecret, "1679727758", body, signature));
        Assert.False(HmacSigner.Verify(ContractSecret + "x", "1679727757", body, signature));
        Assert.False(HmacSigner.Verify(ContractSecret, "1679727757", Encoding.UTF8.GetBytes(SeedExampleJson.Replace("2277000", "2277001", StringComparison.Ordinal)), signature));
        Assert.False(HmacSigner.Verify(ContractSecret, "1679727757", body, signature.ToUpperInvariant()));
        Assert.False(HmacSigner.Verify(ContractSecret, "1679727757", body, signature["sha256=".Length..]));
        Assert.False(HmacSigner.Verify(ContractSecret, "1679727757", body, null));
    }
}
