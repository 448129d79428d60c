using System.Net;
using System.Net.Sockets;

namespace OmniHub.Host.Tests;

/// <summary>
/// Where the real local emulators are: <c>OMNIHUB_STORAGE_CONNECTION</c> (default <c>UseDevelopmentStorage=true</c>)
/// and <c>OMNIHUB_COSMOS_ENDPOINT</c> (default https://127.0.0.1:8081/). <c>infra/local/run-tests.sh</c> starts them.
/// </summary>
internal static class Emulators
{
    /// <summary>The Cosmos DB emulator's well-known, publicly documented key.</summary>
    public const string CosmosKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>Azurite's well-known, publicly documented development account key.</summary>
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string StorageConnection =>
        Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";

    public static Uri CosmosEndpoint =>
        new(Environment.GetEnvironmentVariable("OMNIHUB_COSMOS_ENDPOINT") is { Length: > 0 } value ? value : "https://127.0.0.1:8081/");

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>An Azurite-style connection string whose three services all point at <paramref name="port"/>.</summary>
    public static string StorageConnectionOnPort(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AzuriteKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
}
