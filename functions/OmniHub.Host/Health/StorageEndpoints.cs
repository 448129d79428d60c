using Azure.Storage.Blobs;

namespace OmniHub.Host.Health;

/// <summary>Storage endpoints for messages and logs: the URI without query (a SAS token never leaks).</summary>
public static class StorageEndpoints
{
    public static Uri WithoutQuery(Uri uri) => new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty }.Uri;

    /// <summary>"blob http://127.0.0.1:10000/devstoreaccount1" for a connection string; no keys.</summary>
    public static string Describe(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "(not configured)";
        }

        try
        {
            return $"blob {WithoutQuery(new BlobServiceClient(connectionString).Uri)}";
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return "(invalid connection string)";
        }
    }
}
