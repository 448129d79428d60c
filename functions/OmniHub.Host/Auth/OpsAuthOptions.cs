namespace OmniHub.Host.Auth;

/// <summary>One API key and its role (configuration <c>Ops:ApiKeys:{name}:Key</c> and <c>…:Role</c>).</summary>
public sealed record ApiKey(string Name, string Key, string Role);

/// <summary>Entra ID bearer settings (configuration <c>Ops:EntraId:*</c>); bearer tokens are accepted only when set.</summary>
public sealed class EntraIdOptions
{
    /// <summary>e.g. https://login.microsoftonline.com/{tenant}/v2.0</summary>
    public string? Authority { get; set; }

    /// <summary>The hub's application id URI or client id.</summary>
    public string? Audience { get; set; }

    /// <summary>App role (claim <c>roles</c>) granting the operator role.</summary>
    public string OperatorRole { get; set; } = "OmniHub.Operator";

    /// <summary>App role granting the reader role.</summary>
    public string ReaderRole { get; set; } = "OmniHub.Reader";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(Audience);
}

/// <summary>
/// The keys and the Entra ID settings. Keys are read from <c>Ops:ApiKeys</c> and, for compatibility,
/// <c>OmniHub:Auth:ApiKeys</c>; children may be named (<c>Ops:ApiKeys:ci:Key</c>) or indexed (<c>…:0:Key</c>).
/// </summary>
public sealed class OpsAuthOptions
{
    public const string Section = "Ops";

    public IReadOnlyList<ApiKey> ApiKeys { get; init; } = [];

    public EntraIdOptions EntraId { get; init; } = new();

    public static OpsAuthOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var keys = new List<ApiKey>();
        foreach (var section in new[] { configuration.GetSection("Ops:ApiKeys"), configuration.GetSection("OmniHub:Auth:ApiKeys") })
        {
            foreach (var child in section.GetChildren())
            {
                var key = child["Key"];
                var role = child["Role"] ?? OpsRoles.Reader;
                if (string.IsNullOrWhiteSpace(key))
                {
                    continue;
                }

                if (!OpsRoles.IsKnown(role))
                {
                    throw new InvalidOperationException($"API key '{child.Key}' has role '{role}'; use '{OpsRoles.Operator}' or '{OpsRoles.Reader}'.");
                }

                keys.Add(new ApiKey(child.Key, key, role.ToLowerInvariant()));
            }
        }

        var entra = new EntraIdOptions();
        configuration.GetSection("Ops:EntraId").Bind(entra);
        return new OpsAuthOptions { ApiKeys = keys, EntraId = entra };
    }
}
