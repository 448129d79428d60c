namespace OmniHub.Host.Configuration;

/// <summary>A parsed <c>local.settings.json</c>.</summary>
/// <param name="Settings">Flattened configuration keys (<c>:</c> separators, case-insensitive) and values.</param>
/// <param name="Values">The <c>Values</c> entries exactly as written, as the Functions host exports them to the environment.</param>
public sealed record LocalSettings(IReadOnlyDictionary<string, string?> Settings, IReadOnlyDictionary<string, string> Values);
