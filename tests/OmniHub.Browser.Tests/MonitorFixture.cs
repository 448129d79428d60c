namespace OmniHub.Browser.Tests;

/// <summary>One hub and one Chromium shared by the browser tests (they run one after another).</summary>
public sealed class MonitorFixture : IAsyncLifetime
{
    public Hub Hub { get; } = new();

    public Chromium Chromium { get; } = new();

    public async Task InitializeAsync()
    {
        await Hub.InitializeAsync();
        await Chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Hub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MonitorCollection : ICollectionFixture<MonitorFixture>
{
    public const string Name = "monitor";
}
