using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OmniHub.Durable.Tests.Telemetry;

/// <summary>
/// A connector endpoint on a loopback port: answers every GET with <c>ok:{path}</c> and keeps the <c>traceparent</c>
/// header each request arrived with.
/// </summary>
public sealed class TraceparentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TraceparentServer()
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    /// <summary>Path → traceparent header (null when the request carried none).</summary>
    public ConcurrentDictionary<string, string?> Requests { get; } = new(StringComparer.Ordinal);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var path = (await reader.ReadLineAsync())?.Split(' ')[1].TrimStart('/') ?? string.Empty;
            string? traceparent = null;
            while (await reader.ReadLineAsync() is { Length: > 0 } line)
            {
                if (line.StartsWith("traceparent:", StringComparison.OrdinalIgnoreCase))
                {
                    traceparent = line["traceparent:".Length..].Trim();
                }
            }

            Requests[path] = traceparent;
            var body = Encoding.UTF8.GetBytes($"ok:{path}");
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head);
            await stream.WriteAsync(body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
