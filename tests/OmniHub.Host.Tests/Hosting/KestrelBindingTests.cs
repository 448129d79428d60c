using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OmniHub.Host.Tests.Hosting;

public sealed class KestrelBindingTests
{
    [Fact]
    public async Task Kestrel_ConfiguredPort_ListensOnLoopbackOnly()
    {
        await using var factory = new HubFactory(HubFactory.EmulatorSettings());
        factory.UseKestrel();
        factory.StartServer();

        var addresses = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;

        var address = Assert.Single(addresses);
        var uri = new Uri(address);
        Assert.Equal(IPAddress.Loopback, IPAddress.Parse(uri.Host));
        Assert.NotEqual(0, uri.Port);
        using var client = new HttpClient { BaseAddress = uri };
        using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Kestrel_PortOutOfRange_StartFailsNamingTheSetting()
    {
        var settings = HubFactory.EmulatorSettings();
        settings["OmniHub:Host:Port"] = "70000";
        await using var factory = new HubFactory(settings);
        factory.UseKestrel();

        var error = Assert.ThrowsAny<Exception>(factory.StartServer);

        Assert.Contains("OmniHub:Host:Port", error.ToString(), StringComparison.Ordinal);
    }
}
