namespace OmniHub.Host.Auth;

/// <summary>The two operator roles and the authorization policies built on them.</summary>
public static class OpsRoles
{
    /// <summary>May read and act (raise, terminate, resolve, import…).</summary>
    public const string Operator = "operator";

    /// <summary>May only read.</summary>
    public const string Reader = "reader";

    /// <summary>Policy of every read route: operator or reader.</summary>
    public const string ReadPolicy = "ops-read";

    /// <summary>Policy of every mutating route: operator only.</summary>
    public const string OperatePolicy = "ops-operate";

    /// <summary>The authentication scheme of the ops and management routes (API key, or Entra ID bearer when configured).</summary>
    public const string Scheme = "ops";

    public static bool IsKnown(string? role) =>
        string.Equals(role, Operator, StringComparison.OrdinalIgnoreCase) || string.Equals(role, Reader, StringComparison.OrdinalIgnoreCase);
}
