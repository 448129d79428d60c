using OmniHub.Host.Configuration;
using OmniHub.Host.Health;
using OmniHub.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddOmniHubLocalSettings(builder.Environment.ContentRootPath);
builder.Logging.AddOmniHubJsonConsole();
builder.WebHost.UseOmniHubLoopbackKestrel();

builder.Services
    .AddOmniHubHostOptions(builder.Configuration)
    .AddOmniHubHealth(builder.Configuration);

var app = builder.Build();

app.MapOmniHubHealth();
app.LogOmniHubStartup();

await app.RunAsync();

/// <summary>The host's entry point; public so integration tests can start it in-process.</summary>
public partial class Program;
