using Microsoft.Extensions.Options;
using OmniHub.Connectors;
using OmniHub.Domain;
using OmniHub.Domain.Ports;
using OmniHub.Durable;

namespace OmniHub.Workflows;

/// <summary>Stores the order once (a duplicate gets the stored one back) and hands over the instance's settings.</summary>
public sealed class StoreOrderActivity(IOrderStore orders, IOptions<WorkflowOptions> options) : Activity<ChannelOrder, StoredOrder>
{
    public override async Task<StoredOrder> RunAsync(TaskActivityContext context, ChannelOrder input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var value = options.Value;
        var settings = new OrderSettings(value.AcceptSla, value.MappingOverdueAfter, value.MaxReserveAttempts);
        Order order;
        try
        {
            order = input.ToDomainOrder();
        }
        catch (DomainValidationException ex)
        {
            return new StoredOrder(null, false, settings, ex.Message);
        }

        var result = await orders.InsertIfAbsentAsync(order, context.CancellationToken).ConfigureAwait(false);
        return new StoredOrder(result.Order.Value, result.Created, settings);
    }
}
