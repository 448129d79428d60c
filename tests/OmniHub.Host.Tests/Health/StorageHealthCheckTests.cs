using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniHub.Host.Health;

namespace OmniHub.Host.Tests.Health;

public sealed class StorageHealthCheckTests
{
    // Generous: the shared emulators answer slowly when the machine is busy; failures below are refusals, not waits.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(StorageService.Blob)]
    [InlineData(StorageService.Queue)]
    [InlineData(StorageService.Table)]
    public async Task CheckHealthAsync_RealAzurite_Healthy(StorageService service)
    {
        var check = new StorageHealthCheck(service, Emulators.StorageConnection, Timeout);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.True(result.Status == HealthStatus.Healthy, result.Description);
        Assert.StartsWith("http://127.0.0.1:", (string)result.Data["endpoint"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StorageService.Blob)]
    [InlineData(StorageService.Queue)]
    [InlineData(StorageService.Table)]
    public async Task CheckHealthAsync_ClosedPort_UnhealthyNamingTheEndpointWithoutTheKey(StorageService service)
    {
        var port = Emulators.ClosedPort();
        var check = new StorageHealthCheck(service, Emulators.StorageConnectionOnPort(port), Timeout);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"http://127.0.0.1:{port}/devstoreaccount1", result.Data["endpoint"]);
        Assert.Contains("refused", result.Description, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Emulators.AzuriteKey, result.Description, StringComparison.Ordinal);
        Assert.Null(result.Exception);
    }

    [Fact]
    public async Task CheckHealthAsync_WrongAccountKey_UnhealthyWithHttpStatus()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connection = Emulators.StorageConnectionOnPort(BlobPort()).Replace(Emulators.AzuriteKey, wrongKey, StringComparison.Ordinal);
        var check = new StorageHealthCheck(StorageService.Blob, connection, Timeout);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("HTTP 403", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_NoConnectionString_UnhealthyNamingTheSetting()
    {
        var check = new StorageHealthCheck(StorageService.Queue, connectionString: null, Timeout);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("AzureWebJobsStorage", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_MalformedConnectionString_UnhealthyWithoutEchoingIt()
    {
        const string malformed = "AccountName=devstoreaccount1;AccountKey=not-a-real-secret;Nonsense";
        var check = new StorageHealthCheck(StorageService.Table, malformed, Timeout);

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.DoesNotContain("not-a-real-secret", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ConnectionStringWithKey_ShowsEndpointOnly()
    {
        var description = StorageEndpoints.Describe(Emulators.StorageConnectionOnPort(10000));

        Assert.Equal("blob http://127.0.0.1:10000/devstoreaccount1", description);
    }

    [Fact]
    public void WithoutQuery_SasUri_DropsTheToken()
    {
        var uri = StorageEndpoints.WithoutQuery(new Uri("https://account.blob.core.windows.net/?sv=2024-01-01&sig=secret"));

        Assert.Equal("https://account.blob.core.windows.net/", uri.ToString());
    }

    private static int BlobPort()
    {
        var client = new Azure.Storage.Blobs.BlobServiceClient(Emulators.StorageConnection);
        return client.Uri.Port;
    }
}
