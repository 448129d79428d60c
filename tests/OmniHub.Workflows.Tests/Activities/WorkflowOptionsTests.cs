using OmniHub.Domain;

namespace OmniHub.Workflows.Tests.Activities;

public sealed class WorkflowOptionsTests
{
    [Fact]
    public void BufferFor_AccountThenChannelThenNone_ParsesUnitsAndPercent()
    {
        var options = new WorkflowOptions();
        options.StockBuffers["shopify:main"] = "10%";
        options.StockBuffers["amazon"] = "3";

        Assert.Equal(ChannelBuffer.Percentage(10), options.BufferFor("shopify:main"));
        Assert.Equal(ChannelBuffer.Absolute(3), options.BufferFor("amazon:eu"));
        Assert.Equal(ChannelBuffer.None, options.BufferFor("bol:nl"));
    }
}
