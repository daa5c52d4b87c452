using System.Text.Json;
using SoundBoxSim.Testing;

namespace SoundBoxSim.SePay.Tests.Webhooks.Delivery.Support;

/// <summary>One signature to compute: the secret, the timestamp header's text and the raw body.</summary>
internal sealed record HmacVector(string Secret, string Timestamp, byte[] Body);

/// <summary>
/// Signs with tests/tools/hmac-sign.mjs, an implementation of SePay's scheme on node's own crypto and nothing of ours.
/// node must be installed (./test.sh installs it): a missing node fails the test, as the other node tests do.
/// </summary>
internal static class NodeHmac
{
    public static async Task<IReadOnlyList<string>> SignAsync(IReadOnlyList<HmacVector> vectors)
    {
        var node = ExternalTool.Require("node", "nodejs");
        var folder = RepoPaths.NewTempFolder("hmac-vectors");
        try
        {
            var file = Path.Combine(folder, "vectors.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(vectors.Select(v => new
            {
                secret = v.Secret,
                timestamp = v.Timestamp,
                bodyBase64 = Convert.ToBase64String(v.Body),
            })), TestContext.Current.CancellationToken);
            var result = await ProcessRunner.RunAsync(node, ["hmac-sign.mjs", file], RepoPaths.Combine("tests", "tools"), TestContext.Current.CancellationToken);
            result.EnsureSuccess("node hmac-sign.mjs");
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(vectors.Count, lines.Length);
            return lines;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static async Task<string> SignAsync(string secret, string timestamp, byte[] body) =>
        (await SignAsync([new HmacVector(secret, timestamp, body)]))[0];
}
