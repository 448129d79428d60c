using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniHub.Host.Health;

namespace OmniHub.Host.Tests.Health;

public sealed class CosmosHealthCheckTests
{
    // Generous: the shared emulators answer slowly when the machine is busy; failures below are refusals, not waits.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CheckHealthAsync_RealLocalCosmosServer_Healthy()
    {
        using var check = new CosmosHealthCheck(Emulators.CosmosEndpoint, Emulators.CosmosKey, Timeout, TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.True(result.Status == HealthStatus.Healthy, result.Description);
        Assert.Equal(Emulators.CosmosEndpoint.ToString(), result.Data["endpoint"]);
    }

    [Fact]
    public async Task CheckHealthAsync_ClosedPort_UnhealthyWithCause()
    {
        var endpoint = new Uri($"https://127.0.0.1:{Emulators.ClosedPort()}/");
        using var check = new CosmosHealthCheck(endpoint, Emulators.CosmosKey, Timeout, TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("refused", result.Description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Emulators.CosmosKey, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_PortAcceptsButNeverAnswers_UnhealthyAfterTheTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = new Uri($"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");
        var timeout = TimeSpan.FromMilliseconds(300);
        using var check = new CosmosHealthCheck(endpoint, Emulators.CosmosKey, timeout, TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("No answer within 0.3 s.", result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_NoEndpoint_UnhealthyNamingTheSetting()
    {
        using var check = new CosmosHealthCheck(endpoint: null, key: null, Timeout, TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("Cosmos:Endpoint is not set.", result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_KeyNotBase64_UnhealthyWithoutEchoingIt()
    {
        using var check = new CosmosHealthCheck(Emulators.CosmosEndpoint, "not base64 !!", Timeout, TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.DoesNotContain("not base64", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, HealthStatus.Healthy)]
    [InlineData(Emulators.CosmosKey, HealthStatus.Unhealthy)]
    public async Task CheckHealthAsync_EndpointAnswers401_HealthyOnlyWithoutAKey(string? key, HealthStatus expected)
    {
        var port = Emulators.ClosedPort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var answer = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 401;
            context.Response.Close();
        });
        using var check = new CosmosHealthCheck(new Uri($"http://127.0.0.1:{port}/"), key, Timeout, TimeProvider.System);

        var result = await check.CheckHealthAsync(new HealthCheckContext());
        await answer;

        Assert.Equal(expected, result.Status);
        Assert.Contains("HTTP 401", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void TrySign_DocumentedExample_MatchesPublishedSignature()
    {
        // The worked example in the Cosmos DB REST documentation ("Access control on Cosmos DB resources").
        const string key = "dsZQi3KtZmCv1ljt3VNWNm7sQUF1y5rJfC6kv5JiwvW0EndXdDku/dkKBp8/ufDToSxLzR4y+O/0H/t4bQtVNw==";

        var signed = CosmosHealthCheck.TrySign(key, "GET", "dbs", "dbs/ToDoList", "Thu, 27 Apr 2017 00:51:12 GMT", out var authorization);

        Assert.True(signed);
        Assert.Equal("type=master&ver=1.0&sig=c09PEVJrgp2uQRkr934kFbTqhByc7TVr3OHyqlu+c+c=", Uri.UnescapeDataString(authorization));
    }
}
