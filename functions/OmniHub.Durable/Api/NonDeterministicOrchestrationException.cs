namespace OmniHub.Durable;

/// <summary>The orchestrator code issued a different sequence of actions on replay than its history records.</summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    public NonDeterministicOrchestrationException()
    {
    }

    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
    }

    public NonDeterministicOrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
