using Microsoft.Extensions.Options;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>
/// Routes lines over a fresh stock snapshot — or, when an operator chose the location, sends them all there
/// (<see cref="ChosenLocationRouting"/>) — stores the decision with the reasons for every location in the audit
/// trail, and records Routed or Backordered on the order.
/// </summary>
public sealed class RouteOrderActivity(
    ILocationDirectory locations,
    IInventoryLedger ledger,
    IOrderStore orders,
    IAuditLog audit,
    IOptions<WorkflowOptions> options) : Activity<RouteOrderInput, RoutePlan>
{
    public override async Task<RoutePlan> RunAsync(TaskActivityContext context, RouteOrderInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = context.CancellationToken;
        var all = await locations.ListAsync(cancellationToken).ConfigureAwait(false);
        var skus = input.Lines.Select(line => line.Sku).Distinct(StringComparer.Ordinal).ToArray();
        var stocks = await ledger.GetStocksAsync(skus, cancellationToken).ConfigureAwait(false);
        var request = new RoutingRequest
        {
            OrderId = input.OrderId,
            Lines = input.Lines,
            Fulfilment = input.Fulfilment,
            ShipTo = input.ShipTo,
            Locations = all,
            Stock = StockSnapshot.From(stocks.SelectMany(stock => stock.Positions)),
            ExcludedLocationIds = input.ExcludedLocationIds,
            Policy = options.Value.Routing,
        };
        var decision = input.ChosenLocationId is { Length: > 0 } chosen
            ? ChosenLocationRouting.Route(request, chosen, input.Reason)
            : OrderRouter.Route(request);

        var data = new Dictionary<string, string>
        {
            ["reason"] = input.Reason,
            ["summary"] = decision.Summary,
            ["decision"] = decision.Explain(),
        };
        await audit.AppendAsync(
            new AuditEntry($"{input.OrderId}:routing:{context.IdempotencyKey}", input.OrderId, decision.IsRouted ? "routed" : "backordered", input.At, data),
            cancellationToken).ConfigureAwait(false);
        await OrderStatusWriter.MoveAsync(orders, input.OrderId, decision.IsRouted ? OrderStatus.Routed : OrderStatus.Backordered, input.At, decision.Summary, cancellationToken).ConfigureAwait(false);

        var used = decision.Shipments.Select(s => s.LocationId).ToHashSet(StringComparer.Ordinal);
        var facts = all.Where(l => used.Contains(l.Id)).ToDictionary(l => l.Id, l => new LocationFacts(l.FulfilmentQueue, l.PickupHoldPeriod), StringComparer.Ordinal);
        return new RoutePlan(decision, facts);
    }
}
