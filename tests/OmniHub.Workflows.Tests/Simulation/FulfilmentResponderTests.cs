using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Infrastructure.InMemory;
using OmniHub.Workflows.Simulation;

namespace OmniHub.Workflows.Tests.Simulation;

/// <summary>The simulated warehouses' responder outside the hub: replies through a sink, retried when it fails.</summary>
public sealed class FulfilmentResponderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Pump_SinkFailsOnce_ReplyDeliveredOnTheNextTryAndNeverTwice()
    {
        var queue = new InMemoryMessageQueue(_time);
        var sink = new FlakySink(failures: 1);
        var responder = new SimulatedFulfilmentResponder(queue, sink, _ => Task.FromResult<IReadOnlyList<string>>(["wh-1"]), _time,
            new SimulatedFulfilmentOptions { Default = new SimulatedLocationBehaviour { AcceptAfter = TimeSpan.FromSeconds(1), ShipAfter = TimeSpan.FromSeconds(5) } });
        var request = new FulfilmentRequest("order:shopify:1", "shp-1", "wh-1", FulfilmentMethod.Ship, [new ShipmentLine("101", "SKU-1", 1)], _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(10), null);
        await queue.SendAsync(QueueNames.Fulfilment("wh-1"), new OutgoingMessage("shp-1", WorkflowJson.Serialize(request)) { Subject = nameof(FulfilmentRequest) });

        await responder.PumpAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await responder.PumpAsync());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await responder.PumpAsync());
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await responder.PumpAsync());

        Assert.Equal([OrderEvents.FulfilmentAccepted, OrderEvents.FulfilmentShipped], sink.Delivered.Select(d => d.EventName));
        Assert.All(sink.Delivered, d => Assert.Equal("order:shopify:1", d.OrderId));
        Assert.NotEmpty(sink.Delivered[1].Update.Packages!);
    }

    [Fact]
    public async Task ManagementApiReplySink_PostsTheEventWithTheKey_AndDropsRepliesForInstancesThatAreGone()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:7071/") };
        var sink = new ManagementApiReplySink(http, "operator-key");

        var delivered = await sink.RaiseAsync("order:shopify:1", OrderEvents.FulfilmentAccepted, new FulfilmentUpdate("shp-1", "shp-1:accepted"), CancellationToken.None);
        handler.Status = HttpStatusCode.Gone;
        var gone = await sink.RaiseAsync("order:shopify:2", OrderEvents.FulfilmentAccepted, new FulfilmentUpdate("shp-2", "shp-2:accepted"), CancellationToken.None);
        handler.Status = HttpStatusCode.InternalServerError;

        Assert.True(delivered);
        Assert.False(gone);
        await Assert.ThrowsAsync<HttpRequestException>(() => sink.RaiseAsync("order:shopify:3", OrderEvents.FulfilmentAccepted, new FulfilmentUpdate("shp-3", "shp-3:accepted"), CancellationToken.None));
        var first = handler.Requests[0];
        Assert.Equal("/runtime/webhooks/durabletask/instances/order%3Ashopify%3A1/raiseEvent/" + OrderEvents.FulfilmentAccepted, first.Path);
        Assert.Equal("operator-key", first.Key);
        using var body = JsonDocument.Parse(first.Body);
        Assert.Equal("shp-1", body.RootElement.GetProperty("shipmentId").GetString());
    }

    private sealed class FlakySink(int failures) : IFulfilmentReplySink
    {
        private int _failures = failures;

        public List<(string OrderId, string EventName, FulfilmentUpdate Update)> Delivered { get; } = [];

        public Task<bool> RaiseAsync(string orderId, string eventName, FulfilmentUpdate update, CancellationToken cancellationToken)
        {
            if (_failures-- > 0)
            {
                throw new HttpRequestException("hub not reachable");
            }

            Delivered.Add((orderId, eventName, update));
            return Task.FromResult(true);
        }
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public HttpStatusCode Status { get; set; } = HttpStatusCode.Accepted;

        public List<(string Path, string? Key, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request.RequestUri!.AbsolutePath, request.Headers.TryGetValues("x-api-key", out var keys) ? keys.Single() : null, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(Status);
        }
    }
}
