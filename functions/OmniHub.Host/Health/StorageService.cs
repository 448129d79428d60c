namespace OmniHub.Host.Health;

/// <summary>The three Azure Storage services the hub depends on (task hub tables, queues, large payload blobs).</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}
