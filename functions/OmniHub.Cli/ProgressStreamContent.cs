using System.Net;

namespace OmniHub.Cli;

/// <summary>Streams a body and reports the bytes sent so far.</summary>
internal sealed class ProgressStreamContent(Stream source, IProgress<long> progress) : HttpContent
{
    private const int BufferSize = 64 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var buffer = new byte[BufferSize];
        long sent = 0;
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read));
            sent += read;
            progress.Report(sent);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        if (source.CanSeek)
        {
            length = source.Length - source.Position;
            return true;
        }

        length = -1;
        return false;
    }
}
