using System.Net;

namespace OmniHub.Connectors.Amazon;

/// <summary>An SP-API call that failed after the pipeline's retries, with Amazon's error list.</summary>
public sealed class SpApiException(string operation, HttpStatusCode status, IReadOnlyList<SpError> errors)
    : HttpRequestException($"SP-API {operation} failed with {(int)status}: {string.Join("; ", errors.Select(e => $"{e.Code} {e.Message}"))}", null, status)
{
    public string Operation { get; } = operation;

    public IReadOnlyList<SpError> Errors { get; } = errors;

    /// <summary>429 with code QuotaExceeded: the pipeline's retries ran out; the caller should reschedule.</summary>
    public bool IsQuotaExceeded => StatusCode == HttpStatusCode.TooManyRequests || Errors.Any(e => e.Code == "QuotaExceeded");
}
