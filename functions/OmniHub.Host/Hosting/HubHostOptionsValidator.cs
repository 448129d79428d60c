namespace OmniHub.Host.Hosting;

internal static class HubHostOptionsValidator
{
    public const string PortMessage = "OmniHub:Host:Port must be between 0 and 65535.";

    public static string? Validate(HubHostOptions options) =>
        options.Port is < 0 or > 65535 ? PortMessage : null;

    public static void ThrowIfInvalid(HubHostOptions options)
    {
        if (Validate(options) is { } message)
        {
            throw new InvalidOperationException($"{message} Got {options.Port}.");
        }
    }
}
