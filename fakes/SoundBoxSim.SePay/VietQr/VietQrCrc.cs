using System.Text;

namespace SoundBoxSim.SePay.VietQr;

/// <summary>
/// The checksum of an EMVCo QR payload (ID 63): CRC-16/CCITT-FALSE, i.e. ISO/IEC 13239 with polynomial 0x1021,
/// initial value 0xFFFF, no reflection and no final XOR, computed over the payload's bytes up to and including
/// the CRC field's own ID and length ("6304").
/// </summary>
public static class VietQrCrc
{
    private const ushort Polynomial = 0x1021;

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        ushort crc = 0xFFFF;
        foreach (var octet in data)
        {
            crc ^= (ushort)(octet << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ Polynomial) : (ushort)(crc << 1);
            }
        }

        return crc;
    }

    /// <summary>The CRC of the UTF-8 bytes of <paramref name="text"/> (a VietQR payload is ASCII, so its bytes are its characters).</summary>
    public static ushort Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Compute(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The CRC of <paramref name="text"/> as the payload writes it: four upper-case hexadecimal digits.</summary>
    public static string ComputeHex(string text) => Compute(text).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
}
