namespace OmniHub.Durable.Storage;

/// <summary>Stable instance → partition mapping (FNV-1a over the id's UTF-16 code units).</summary>
public static class Partitioning
{
    public static int PartitionOf(string instanceId, int partitionCount)
    {
        var hash = 2166136261u;
        foreach (var c in instanceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
