using System.Net;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OmniHub.MarketplaceSimulator;

/// <summary>
/// Builds and starts the marketplace simulator: Kestrel on 127.0.0.1, every <see cref="ISimulatedChannel"/> and
/// <see cref="ISimulatorModule"/> in this assembly discovered and mapped, the /_sim control API, and the demo order
/// generator. <see cref="StartAsync"/> runs it in-process (tests); <c>Program</c> runs it standalone.
/// </summary>
public static class SimulatorApp
{
    /// <summary>Starts the simulator in-process on 127.0.0.1 (<paramref name="port"/> 0 = a free port).</summary>
    public static async Task<SimulatorHandle> StartAsync(int port = 0, SimulatorOptions? options = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new SimulatorOptions { LogLevel = "Warning" }) with { Port = port };
        var app = Build([], options, timeProvider);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHandle(app, new Uri(address.TrimEnd('/') + "/"), app.Services.GetRequiredService<SimulatorState>());
    }

    public static WebApplication Build(string[] args, SimulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.SetMinimumLevel(Enum.TryParse<LogLevel>(options.LogLevel, ignoreCase: true, out var level) ? level : LogLevel.Information);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        var time = timeProvider ?? TimeProvider.System;
        builder.Services.TryAddSingleton(time);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new SimulatorState(options, time));
        builder.Services.AddHostedService<GeneratorService>();
        var fulfilment = new Fulfilment.FulfilmentResponderOptions();
        builder.Configuration.GetSection("Fulfilment").Bind(fulfilment);
        if (fulfilment.IsConfigured)
        {
            builder.Services.AddSingleton(fulfilment);
            builder.Services.AddHostedService<Fulfilment.FulfilmentResponderService>();
        }

        var app = builder.Build();
        var state = app.Services.GetRequiredService<SimulatorState>();
        app.MapGet("/health", () => Results.Ok(new { status = "live" }));
        ControlEndpoints.Map(app);
        var modules = new List<string>();
        foreach (var type in Discover<ISimulatedChannel>())
        {
            var channel = (ISimulatedChannel)ActivatorUtilities.CreateInstance(app.Services, type);
            state.Channel(channel.Channel);
            channel.MapEndpoints(app);
            modules.Add(channel.Channel);
        }

        foreach (var type in Discover<ISimulatorModule>())
        {
            var module = (ISimulatorModule)ActivatorUtilities.CreateInstance(app.Services, type);
            module.MapEndpoints(app);
            modules.Add(module.Name);
        }

        // Options overrides win over the defaults modules set in their constructors.
        foreach (var (limitKey, limit) in options.RateLimits)
        {
            var parts = limitKey.Split('/', 2);
            state.RateLimits.Configure(parts[0], limit, parts.Length > 1 ? parts[1] : null);
        }

        if (fulfilment.IsConfigured)
        {
            modules.Add("fulfilment");
        }

        app.MapGet("/_sim/modules", () => modules);
        return app;
    }

    private static IEnumerable<Type> Discover<T>() =>
        Assembly.GetExecutingAssembly().GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false, IsClass: true } && typeof(T).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal);
}

/// <summary>A running in-process simulator: its base URL, its state (assert on recordings, inject faults) and shutdown.</summary>
public sealed class SimulatorHandle(WebApplication app, Uri baseUrl, SimulatorState state) : IAsyncDisposable
{
    public Uri BaseUrl { get; } = baseUrl;

    public SimulatorState State { get; } = state;

    public IServiceProvider Services => app.Services;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await State.DisposeAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
