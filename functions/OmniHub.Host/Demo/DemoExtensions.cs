using OmniHub.Workflows.Simulation;

namespace OmniHub.Host.Demo;

public static class DemoExtensions
{
    /// <summary>The demo seeder and fulfilment responder, when <c>Demo:Seed</c> / <c>Demo:FulfilmentResponder</c> are true.</summary>
    public static IServiceCollection AddOmniHubDemo(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new DemoOptions();
        configuration.GetSection("Demo").Bind(options);
        services.AddSingleton(options);
        if (options.Seed)
        {
            services.AddHostedService<DemoSeeder>();
        }

        if (options.FulfilmentResponder)
        {
            services.AddSingleton(new SimulatedFulfilmentOptions
            {
                Default = new SimulatedLocationBehaviour
                {
                    AcceptAfter = options.AcceptAfter,
                    ShipAfter = options.ShipAfter,
                    CollectAfter = options.CollectAfter,
                },
            });
            services.AddSingleton<SimulatedFulfilmentResponder>();
            services.AddHostedService<DemoResponderHost>();
        }

        return services;
    }
}
