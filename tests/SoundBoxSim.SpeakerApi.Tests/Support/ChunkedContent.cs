using System.Net;

namespace SoundBoxSim.SpeakerApi.Tests.Support;

/// <summary>A body sent with Transfer-Encoding: chunked (no Content-Length), so the server learns its size only by reading it.</summary>
internal sealed class ChunkedContent : HttpContent
{
    private readonly byte[] _bytes;

    public ChunkedContent(byte[] bytes, string? contentType = "application/json")
    {
        _bytes = bytes;
        if (contentType is not null)
        {
            Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
    }

    public ChunkedContent(string text, string? contentType = "application/json")
        : this(System.Text.Encoding.UTF8.GetBytes(text), contentType)
    {
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _bytes.Length; offset += 4096)
        {
            await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(4096, _bytes.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
