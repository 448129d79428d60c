using System.Text.Json.Serialization;

namespace OmniHub.Infrastructure.Documents;

/// <summary>
/// Every stored document: <see cref="Id"/> (escaped, see <see cref="DocumentKeys"/>), the partition key value
/// <see cref="Pk"/> (every container is partitioned on <c>/pk</c>) and the server's ETag when read.
/// </summary>
public abstract class DocumentBase
{
    public string Id { get; set; } = string.Empty;

    public string Pk { get; set; } = string.Empty;

    [JsonPropertyName("_etag")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ETag { get; set; }
}
