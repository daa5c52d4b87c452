using System.Text;
using SoundBoxSim.SePay.Webhooks;
using SoundBoxSim.SePay.Webhooks.Delivery;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery;

public sealed class AuthHeadersTests
{
    private static readonly Uri Url = new("http://127.0.0.1:9/hook");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":1}""");

    [Fact]
    public void NoAuthen_SendsNoHeader() =>
        Assert.Empty(AuthHeaders.Build(new WebhookDeliverySettings { Url = Url }, Body, new ManualTimeProvider()));

    [Fact]
    public void ApiKey_SendsTheApikeyScheme()
    {
        var settings = new WebhookDeliverySettings { Url = Url, AuthType = WebhookAuthType.ApiKey, ApiKey = "a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7" };

        var header = Assert.Single(AuthHeaders.Build(settings, Body, new ManualTimeProvider()));

        Assert.Equal(new KeyValuePair<string, string>("Authorization", "Apikey a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7"), header);
    }

    [Fact]
    public void Hmac_SendsTimestampAndSignature_AndNoAuthorization()
    {
        var settings = new WebhookDeliverySettings { Url = Url, AuthType = WebhookAuthType.HmacSha256, SecretKey = "whsec_test" };

        var headers = AuthHeaders.Build(settings, Body, new ManualTimeProvider());

        // printf '%s' '1767225600.{"id":1}' | openssl dgst -sha256 -hmac 'whsec_test'
        Assert.Equal(
            [new("X-SePay-Timestamp", "1767225600"), new("X-SePay-Signature", "sha256=c288d7ec0b1747de22e35fbdbabba9772c8e0d64b7db67e546bc92b86c005ab8")],
            headers);
    }

    [Fact]
    public void OAuth2_SendsTheBearerToken_AndNeedsOne()
    {
        var settings = new WebhookDeliverySettings
        {
            Url = Url, AuthType = WebhookAuthType.OAuth2, OAuth = new WebhookOAuth("http://127.0.0.1:9/token", "client", "secret"),
        };

        Assert.Equal([new("Authorization", "Bearer tok.en")], AuthHeaders.Build(settings, Body, new ManualTimeProvider(), "tok.en"));
        Assert.Throws<ArgumentException>(() => AuthHeaders.Build(settings, Body, new ManualTimeProvider()));
    }

    [Theory]
    [InlineData(WebhookAuthType.ApiKey)]
    [InlineData(WebhookAuthType.HmacSha256)]
    [InlineData(WebhookAuthType.OAuth2)]
    public void AModeWithoutItsSecret_IsRefusedByValidate(WebhookAuthType type) =>
        Assert.Throws<ArgumentException>(() => new WebhookDeliverySettings { Url = Url, AuthType = type }.Validate());

    [Theory]
    [InlineData("Authorization", "Apikey a7c3b4e5f6a7b8c9d0e1f2a3b4c5d6e7", "Apikey ****d6e7")]
    [InlineData("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.xyz", "Bearer ****.xyz")]
    [InlineData("Authorization", "Bearer short", "Bearer ****")]
    [InlineData("X-SePay-Signature", "sha256=abc", "sha256=abc")]
    public void MaskHeaderValue_HidesCredentialsOnly(string name, string value, string masked) =>
        Assert.Equal(masked, AuthHeaders.MaskHeaderValue(name, value));

    [Fact]
    public void SettingsToString_DoesNotShowSecrets()
    {
        var text = new WebhookDeliverySettings
        {
            Url = Url, AuthType = WebhookAuthType.OAuth2, ApiKey = "apikey-0123456789", SecretKey = "whsec_0123456789abcdef",
            OAuth = new WebhookOAuth("http://127.0.0.1:9/token", "client", "client-secret-0123456789"),
        }.ToString();

        Assert.DoesNotContain("apikey-0123456789", text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_0123456789abcdef", text, StringComparison.Ordinal);
        Assert.DoesNotContain("client-secret-0123456789", text, StringComparison.Ordinal);
        Assert.Contains("OAuth2.0", text, StringComparison.Ordinal);
    }
}
