using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace SoundBoxSim.SePay.Tests.VietQr.Support;

/// <summary>
/// A strict reader of the PNGs the tests receive, written from the PNG specification (not from QRCoder): checks the
/// signature, every chunk's length and CRC-32, IHDR first and valid, IEND last, and inflates and unfilters the image
/// data of greyscale or palette images so the tests can look at pixels.
/// </summary>
internal sealed class PngImage
{
    public static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly bool[,] _light;

    private PngImage(int width, int height, byte bitDepth, byte colorType, IReadOnlyList<string> chunks, bool[,] light)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        Chunks = chunks;
        _light = light;
    }

    public int Width { get; }

    public int Height { get; }

    public byte BitDepth { get; }

    public byte ColorType { get; }

    /// <summary>The chunk types in file order.</summary>
    public IReadOnlyList<string> Chunks { get; }

    /// <summary>True when the pixel at (<paramref name="x"/>, <paramref name="y"/>) is light (luminance above half).</summary>
    public bool IsLight(int x, int y) => _light[y, x];

    /// <summary>CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), the checksum of PNG chunks.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var octet in data)
        {
            crc ^= octet;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Reads <paramref name="png"/>; fails the test with what is wrong.</summary>
    public static PngImage Read(byte[] png)
    {
        Assert.True(png.Length > Signature.Length && png.AsSpan(0, Signature.Length).SequenceEqual(Signature), "the body does not start with the PNG signature");
        var chunks = new List<string>();
        var idat = new MemoryStream();
        byte[]? header = null;
        byte[]? palette = null;
        var at = Signature.Length;
        while (at < png.Length)
        {
            Assert.True(png.Length - at >= 12, $"a truncated chunk at byte {at}");
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            Assert.True(length <= png.Length - at - 12, $"the chunk at byte {at} claims {length} bytes, more than the file has left");
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            Assert.True(type.All(char.IsAsciiLetter), $"chunk type {type} at byte {at} is not four letters");
            var data = png.AsSpan(at + 8, (int)length);
            var stated = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + (int)length));
            Assert.True(Crc32(png.AsSpan(at + 4, 4 + (int)length)) == stated, $"chunk {type} at byte {at} has a wrong CRC-32");
            if (chunks.Count == 0)
            {
                Assert.True(type == "IHDR", $"the first chunk is {type}, not IHDR");
            }

            chunks.Add(type);
            switch (type)
            {
                case "IHDR":
                    Assert.True(length == 13, $"IHDR is {length} bytes, not 13");
                    header = data.ToArray();
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            at += 12 + (int)length;
        }

        Assert.Equal("IEND", chunks[^1]);
        Assert.Equal(1, chunks.Count(c => c == "IHDR"));
        Assert.NotNull(header);
        var width = (int)BinaryPrimitives.ReadUInt32BigEndian(header);
        var height = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
        var (bitDepth, colorType, compression, filter, interlace) = (header[8], header[9], header[10], header[11], header[12]);
        Assert.True(width > 0 && height > 0, $"IHDR gives {width}x{height}");
        var allowedDepths = colorType switch
        {
            0 => new byte[] { 1, 2, 4, 8, 16 },
            2 or 4 or 6 => [8, 16],
            3 => [1, 2, 4, 8],
            _ => [],
        };
        Assert.True(allowedDepths.Contains(bitDepth), $"IHDR: colour type {colorType} with bit depth {bitDepth} is not a valid PNG");
        Assert.True(compression == 0 && filter == 0 && interlace is 0 or 1, $"IHDR: compression {compression}, filter {filter}, interlace {interlace}");
        Assert.True(colorType is 0 or 3 && bitDepth <= 8 && interlace == 0,
            $"this test reader looks at pixels of non-interlaced greyscale or palette images only; got colour type {colorType}, depth {bitDepth}, interlace {interlace}");
        if (colorType == 3)
        {
            Assert.True(palette is { Length: > 0 } && palette.Length % 3 == 0, "a palette image without a valid PLTE");
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = (width * bitDepth + 7) / 8;
        Assert.True(raw.Length == height * (stride + 1), $"the image data inflates to {raw.Length} bytes, not {height} rows of 1 + {stride}");
        var light = new bool[height, width];
        var previous = new byte[stride];
        var row = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filterType = raw[y * (stride + 1)];
            Assert.True(filterType <= 4, $"row {y} has filter type {filterType}");
            for (var i = 0; i < stride; i++)
            {
                var x = raw[y * (stride + 1) + 1 + i];
                int a = i >= 1 ? row[i - 1] : 0, b = previous[i], c = i >= 1 ? previous[i - 1] : 0;
                row[i] = (byte)(filterType switch
                {
                    0 => x,
                    1 => x + a,
                    2 => x + b,
                    3 => x + (a + b) / 2,
                    _ => x + Paeth(a, b, c),
                });
            }

            for (var px = 0; px < width; px++)
            {
                var bit = px * bitDepth;
                var sample = (row[bit / 8] >> (8 - bitDepth - bit % 8)) & ((1 << bitDepth) - 1);
                double luminance;
                if (colorType == 0)
                {
                    luminance = sample / (double)((1 << bitDepth) - 1);
                }
                else
                {
                    Assert.True(sample * 3 + 2 < palette!.Length, $"pixel ({px}, {y}) uses palette entry {sample}, beyond PLTE");
                    luminance = (0.299 * palette[sample * 3] + 0.587 * palette[sample * 3 + 1] + 0.114 * palette[sample * 3 + 2]) / 255;
                }

                light[y, px] = luminance > 0.5;
            }

            (previous, row) = (row, previous);
        }

        return new PngImage(width, height, bitDepth, colorType, chunks, light);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
