namespace OmniHub.Host.Hosting;

/// <summary>How the hub listens. Section <c>OmniHub:Host</c>; environment <c>OmniHub__Host__Port</c>.</summary>
public sealed class HubHostOptions
{
    public const string SectionName = "OmniHub:Host";

    /// <summary>The Functions host's default local port, so tools and docs work against either host.</summary>
    public const int DefaultPort = 7071;

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = DefaultPort;
}
