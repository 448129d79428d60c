namespace OmniHub.Infrastructure.Queues;

/// <summary>Queue behaviour shared by every transport (Service Bus defaults).</summary>
public sealed class QueueOptions
{
    /// <summary>A message delivered more often than this is dead-lettered with reason "MaxDeliveryCountExceeded".</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>A second send with the same message id within this window is dropped.</summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Longest initial invisibility a transport can give a scheduled message (Azure Storage: 7 days); a later scheduled
    /// time is reached by deferring the message again each time it surfaces early.
    /// </summary>
    public TimeSpan MaxScheduleDelay { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Prefix for every physical queue name (a test run's or an environment's), lowercase letters, digits and '-'.</summary>
    public string NamePrefix { get; set; } = string.Empty;
}
