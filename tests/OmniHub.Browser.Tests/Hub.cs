using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OmniHub.Host.Configuration;

namespace OmniHub.Browser.Tests;

/// <summary>
/// The real hub (<c>functions/OmniHub.Host</c>) in-process on Kestrel, bound to a free 127.0.0.1 port, with the
/// in-memory task hub and store and an operator API key generated for this run. A developer's local.settings.json
/// is ignored.
/// </summary>
public sealed class Hub : WebApplicationFactory<Program>, IAsyncLifetime
{
    static Hub()
    {
        Environment.SetEnvironmentVariable(LocalSettingsConfigurationExtensions.PathVariable, LocalSettingsConfigurationExtensions.None);
    }

    public string OperatorKey { get; } = NewKey();

    public string ReaderKey { get; } = NewKey();

    public Uri Address { get; private set; } = null!;

    /// <summary>An HTTP client for the hub's APIs, authenticated as operator.</summary>
    public HttpClient Api { get; private set; } = null!;

    public Task InitializeAsync()
    {
        UseKestrel();
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("the hub reported no listening address");
        var address = addresses.Select(a => new Uri(a)).First(a => a.Host == "127.0.0.1");
        Address = new Uri($"http://127.0.0.1:{address.Port}/");
        Api = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Add("x-api-key", OperatorKey);
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return Task.CompletedTask;
    }

    public new async Task DisposeAsync()
    {
        Api?.Dispose();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Host settings reach Program's builder.Configuration before services are composed (the hub reads some
        // settings while composing), unlike ConfigureAppConfiguration, which applies after.
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["OmniHub:Host:Port"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Durable:Provider"] = "InMemory",
        ["Store:Provider"] = "InMemory",
        ["Queue:Provider"] = "InMemory",
        ["Ops:ApiKeys:browser-operator:Key"] = OperatorKey,
        ["Ops:ApiKeys:browser-operator:Role"] = "operator",
        ["Ops:ApiKeys:browser-reader:Key"] = ReaderKey,
        ["Ops:ApiKeys:browser-reader:Role"] = "reader",
    };

    private static string NewKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
