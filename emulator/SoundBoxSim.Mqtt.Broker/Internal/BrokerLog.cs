using System.Buffers;
using System.Globalization;
using System.Text;
using SoundBoxSim.Mqtt.Diagnostics;

namespace SoundBoxSim.Mqtt.Broker.Internal;

/// <summary>
/// The broker's log sink: never throws, costs nothing when no sink is set, and keeps every entry on one line
/// whatever a client put in its client id or topics (control characters are escaped, long lines cut).
/// </summary>
internal sealed class BrokerLog(MqttLogger? sink)
{
    private const int MaxLineLength = 2_000;
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F" +
        "\u007F\u0085\u2028\u2029");

    public void Write(MqttLogLevel level, string line)
    {
        if (sink is null)
        {
            return;
        }

        try
        {
            sink(level, OneLine(line));
        }
        catch (Exception) // A failing log sink must not take a connection down with it.
        {
        }
    }

    /// <summary><paramref name="line"/> with control and line-break characters written as \uXXXX, and at most 2,000 characters.</summary>
    public static string OneLine(string line)
    {
        if (line.AsSpan().IndexOfAny(Unsafe) < 0)
        {
            return line.Length <= MaxLineLength ? line : string.Concat(line.AsSpan(0, MaxLineLength), "...");
        }

        var builder = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            if (Unsafe.Contains(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return OneLine(builder.ToString());
    }
}
