using OmniHub.Connectors;
using OmniHub.Host.Composition;
using OmniHub.Host.Configuration;
using OmniHub.Host.Health;
using OmniHub.Host.Hosting;
using OmniHub.Infrastructure;
using OmniHub.Workflows;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddOmniHubLocalSettings(builder.Environment.ContentRootPath);
builder.Configuration.AddOmniHubDefaults();
builder.Logging.AddOmniHubJsonConsole();
builder.WebHost.UseOmniHubLoopbackKestrel();

builder.Services
    .AddOmniHubHostOptions(builder.Configuration)
    .AddOmniHubHealth(builder.Configuration)
    .AddOmniHubInfrastructure(builder.Configuration)
    .AddOmniHubConnectors(builder.Configuration)
    .AddOmniHubEngine(builder.Configuration)
        .AddOmniHubWorkflows(workflows => builder.Configuration.GetSection(WorkflowOptions.Section).Bind(workflows))
        .AddOmniHubHostOrchestrations()
        .Services
    .AddOmniHubHostFeatures(builder.Configuration);

var app = builder.Build();

app.MapOmniHubHealth();
app.MapOmniHubHostFeatures();
app.LogOmniHubStartup();

await app.RunAsync();

/// <summary>The host's entry point; public so integration tests can start it in-process.</summary>
public partial class Program;
