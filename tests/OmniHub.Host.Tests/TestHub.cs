using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using OmniHub.Connectors;
using OmniHub.Connectors.Common;
using OmniHub.Durable;
using OmniHub.Host.Configuration;

namespace OmniHub.Host.Tests;

/// <summary>
/// The whole hub in-process on the in-memory task hub, store and queues, with an operator and a reader API key
/// generated per instance. <see cref="Orchestrations"/> lets a test register its own orchestrators.
/// </summary>
public class TestHub : WebApplicationFactory<Program>
{
    static TestHub()
    {
        Environment.SetEnvironmentVariable(LocalSettingsConfigurationExtensions.PathVariable, LocalSettingsConfigurationExtensions.None);
    }

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<DurableRegistry>? _orchestrations;
    private readonly Action<IServiceCollection>? _services;

    public TestHub(Dictionary<string, string?>? settings = null, Action<DurableRegistry>? orchestrations = null, Action<IServiceCollection>? services = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["OmniHub:Host:Port"] = "0",
            ["Durable:Provider"] = "InMemory",
            ["Store:Provider"] = "InMemory",
            ["Queue:Provider"] = "InMemory",
            ["OmniHub:Schedules:Enabled"] = "false",
            ["Ops:ApiKeys:ops:Key"] = OperatorKey,
            ["Ops:ApiKeys:ops:Role"] = "operator",
            ["Ops:ApiKeys:viewer:Key"] = ReaderKey,
            ["Ops:ApiKeys:viewer:Role"] = "reader",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        _orchestrations = orchestrations;
        _services = services;
    }

    public string OperatorKey { get; } = NewKey();

    public string ReaderKey { get; } = NewKey();

    public HttpClient Operator() => WithKey(OperatorKey);

    public HttpClient Reader() => WithKey(ReaderKey);

    public HttpClient Anonymous() => CreateClient();

    public DurableTaskClient Durable => Services.GetRequiredService<DurableTaskClient>();

    private HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureTestServices(services =>
        {
            var registry = services.Select(d => d.ImplementationInstance).OfType<DurableRegistry>().First();
            _orchestrations?.Invoke(registry);

            // Channel accounts from the final configuration (the test's settings are added after composition).
            services.AddSingleton<IChannelConnectorRegistry>(sp => new ChannelConnectorRegistry(
                sp.GetServices<IChannelConnectorFactory>(),
                ChannelAccountConfiguration.Read(sp.GetRequiredService<IConfiguration>()),
                sp));
            _services?.Invoke(services);
        });
    }

    private static string NewKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
