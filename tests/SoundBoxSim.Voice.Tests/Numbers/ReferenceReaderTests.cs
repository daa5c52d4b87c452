using System.Globalization;
using SoundBoxSim.Testing;
using SoundBoxSim.Voice.Numbers;

namespace SoundBoxSim.Voice.Tests.Numbers;

/// <summary>
/// Compares our reader with an independent one, the npm package read-vietnamese-number (installed by
/// ./test.sh into tests/tools), over 100,000 random amounts per region.
/// </summary>
/// <remarks>
/// Only style choices are normalised, never values: the reference says lẻ (we say linh in the North), tỉ (we
/// say tỷ), nghìn (we say ngàn in the South) and tư after tens (we say bốn in the South). Everything else,
/// including mốt, lăm, mười/mươi and không trăm, must match word for word.
/// </remarks>
public sealed class ReferenceReaderTests
{
    private const int Count = 100_000;

    [Theory]
    [InlineData(VietnameseRegion.North, 1)]
    [InlineData(VietnameseRegion.South, 2)]
    public async Task Read_RandomAmounts_MatchesIndependentReference(VietnameseRegion region, int seed)
    {
        var amounts = RandomAmounts(new Random(seed)).Take(Count).ToArray();
        var expected = await ReadWithReferenceAsync(amounts);

        var mismatches = new List<string>();
        for (var i = 0; i < amounts.Length; i++)
        {
            var ours = Normalise(VietnameseNumberReader.Read(amounts[i], NumberReadingStyle.For(region)) + " đồng");
            if (ours != Normalise(expected[i]))
            {
                mismatches.Add($"{amounts[i]}: ours \"{ours}\", reference \"{expected[i]}\"");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {Count} differ, e.g.:\n{string.Join('\n', mismatches.Take(10))}");
    }

    /// <summary>Amounts of every length, rich in zero digits and zero groups, where reading rules bite.</summary>
    private static IEnumerable<long> RandomAmounts(Random random)
    {
        yield return 0;
        yield return VietnameseNumberReader.MaxAmount;
        while (true)
        {
            var digits = random.Next(1, 16);
            long amount = 0;
            for (var d = 0; d < digits; d++)
            {
                var digit = random.Next(4) == 0 ? 0 : random.Next(10);
                amount = (amount * 10) + digit;
            }

            // Blank whole three-digit groups now and then (1,000,005 and friends).
            for (long scale = 1; scale < amount; scale *= 1000)
            {
                if (random.Next(4) == 0)
                {
                    amount -= amount / scale % 1000 * scale;
                }
            }

            yield return amount;
        }
    }

    private static string Normalise(string reading) => reading
        .Replace("linh", "lẻ", StringComparison.Ordinal)
        .Replace("tỷ", "tỉ", StringComparison.Ordinal)
        .Replace("ngàn", "nghìn", StringComparison.Ordinal)
        .Replace("mươi bốn", "mươi tư", StringComparison.Ordinal);

    private static async Task<string[]> ReadWithReferenceAsync(long[] amounts)
    {
        var node = ExternalTool.Require("node", "nodejs");
        var tools = RepoPaths.Combine("tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "read-vietnamese-number")))
        {
            if ((Environment.GetEnvironmentVariable(ExternalTool.UninstallableVariable) ?? "").Contains("read-vietnamese-number", StringComparison.Ordinal))
            {
                Assert.Skip("The npm package read-vietnamese-number is missing and the test command could not install it on this machine.");
            }

            throw new InvalidOperationException("tests/tools/node_modules/read-vietnamese-number is missing: run ./test.sh, which installs it (npm ci in tests/tools).");
        }

        var input = Path.Combine(RepoPaths.NewTempFolder("reference"), "amounts.txt");
        await File.WriteAllLinesAsync(input, amounts.Select(a => a.ToString(CultureInfo.InvariantCulture)), TestContext.Current.CancellationToken);
        var result = await ProcessRunner.RunAsync("/bin/sh", ["-c", $"\"{node}\" read-numbers.mjs < \"{input}\""], tools, TestContext.Current.CancellationToken);
        var lines = result.EnsureSuccess("node read-numbers.mjs").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(amounts.Length, lines.Length);
        return lines;
    }
}
