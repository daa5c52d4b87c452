namespace SoundBoxSim.Mqtt.Tests;

/// <summary>Hex strings with spaces, as frames are written in the tests.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? string.Empty : string.Join(' ', Convert.ToHexString(bytes).Chunk(2).Select(pair => new string(pair)));
}
