using SoundBoxSim.SePay.Banks;

namespace SoundBoxSim.SePay.Tests.VietQr.Support;

/// <summary>A transfer as a test asks for it: what the payload must carry back.</summary>
internal sealed record Transfer(string Bin, string Account, long? Amount, string? Description);

/// <summary>Transfers to encode: hand-picked edges and seeded random ones (the seed is in the test, so a failure repeats).</summary>
internal static class TransferSamples
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static IEnumerable<Transfer> Edges() =>
    [
        new("970436", "0010000000355", 100_000, "ung ho quy bao tro tre em"),
        new("970436", "0010000000355", null, null),
        new("970422", "1", 1, "A"),
        new("970415", new string('9', 19), 9_999_999_999_999, new string('x', 50)),
        new("970416", "PSP123456789000000", null, "Thanh toan DH102969"),
        new("970407", "VQRQA1234567", 2_500_000, "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./"),
        new("970418", "12345678", 50_000, "6304ABCD 0208QRIBFTTA 62150811"),
        new("970403", "0000000000", 10, "  leading and trailing spaces  "),
        new("123456", "abcDEF123", 7, "a bank the fake does not list"),
    ];

    public static IEnumerable<Transfer> Random(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bin = random.Next(3) == 0
                ? random.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)
                : VietnameseBanks.All[random.Next(VietnameseBanks.All.Count)].Bin;
            var account = new string([.. Enumerable.Range(0, random.Next(1, 20)).Select(_ => Alphanumeric[random.Next(Alphanumeric.Length)])]);
            long? amount = random.Next(3) == 0 ? null : random.Next(4) switch
            {
                0 => random.NextInt64(1, 1_000),
                1 => random.NextInt64(1_000, 100_000_000),
                _ => random.NextInt64(1, 10_000_000_000_000),
            };
            string? description = null;
            if (random.Next(4) != 0)
            {
                var chars = Enumerable.Range(0, random.Next(1, 51)).Select(_ => (char)random.Next(' ', '~' + 1)).ToArray();
                if (chars.All(c => c == ' '))
                {
                    chars[0] = 'x';
                }

                description = new string(chars);
            }

            yield return new Transfer(bin, account, amount, description);
        }
    }
}
