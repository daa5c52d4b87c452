using BenchmarkDotNet.Attributes;
using SoundBoxSim.Voice.Numbers;

namespace SoundBoxSim.Benchmarks;

/// <summary>Text for an amount: VietnameseNumberReader.Read (North) over a mix of amounts; the time is per amount.</summary>
[MemoryDiagnoser]
public class NumberReaderBenchmarks
{
    private const int Count = 16;
    private long[] _amounts = [];

    [GlobalSetup]
    public void Setup()
    {
        _amounts = Amounts();
        Console.WriteLine($"// amounts: {string.Join(", ", _amounts)}");
    }

    /// <summary>The README's examples and worst case, then random amounts of 1 to 15 digits (fixed seed, so every run reads the same ones).</summary>
    public static long[] Amounts()
    {
        long[] fixedOnes = [150_000, 1_005_000, 5_000_000_000_005, 999_999_999_999_999];
        var random = new Random(20_251_122);
        var amounts = new long[Count];
        fixedOnes.CopyTo(amounts, 0);
        for (var i = fixedOnes.Length; i < Count; i++)
        {
            var digits = random.Next(1, 16);
            var low = digits == 1 ? 0 : (long)Math.Pow(10, digits - 1);
            amounts[i] = random.NextInt64(low, (long)Math.Pow(10, digits));
        }

        return amounts;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int Read()
    {
        var length = 0;
        foreach (var amount in _amounts)
        {
            length += VietnameseNumberReader.Read(amount, NumberReadingStyle.North).Length;
        }

        return length;
    }
}
