using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OmniHub.Connectors.Tests.Support;

/// <summary>
/// A webhook endpoint on 127.0.0.1 for tests: every POST is handed to a connector's receiver exactly as the host does
/// (raw bytes, all headers), the outcome recorded, and the matching status answered (200/202 or the rejection's).
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookSink(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<WebhookOutcome> Outcomes { get; } = new();

    public static async Task<WebhookSink> StartAsync(IWebhookReceiver receiver, string channel, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        WebhookSink? sink = null;
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var delivery = new WebhookDelivery(channel, headers, buffer.ToArray(), (time ?? TimeProvider.System).GetUtcNow());
            try
            {
                var received = receiver.Receive(delivery);
                sink!.Outcomes.Enqueue(new WebhookOutcome(delivery, received, null));
                return received.Kind == WebhookKind.UnknownTopic ? Results.StatusCode(202) : Results.Ok();
            }
            catch (WebhookRejectedException rejected)
            {
                sink!.Outcomes.Enqueue(new WebhookOutcome(delivery, null, rejected));
                return Results.Problem(rejected.Detail, statusCode: rejected.StatusCode, title: rejected.Reason);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink = new WebhookSink(app, new Uri(address.TrimEnd('/') + "/hooks"));
        return sink;
    }

    public async Task<IReadOnlyList<WebhookOutcome>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        while (Outcomes.Count < count && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        return [.. Outcomes];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the receiver made of one delivery.</summary>
public sealed record WebhookOutcome(WebhookDelivery Delivery, WebhookEvent? Event, WebhookRejectedException? Rejection);
