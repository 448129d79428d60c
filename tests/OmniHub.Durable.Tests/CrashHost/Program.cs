using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniHub.Durable;
using OmniHub.Durable.CrashHost;

// Usage: OmniHub.Durable.CrashHost <taskHubName> <partitions>
var connection = Environment.GetEnvironmentVariable("OMNIHUB_STORAGE_CONNECTION") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true";
var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
services.AddDurableEngine(o =>
{
    o.Provider = TaskHubProvider.AzureStorage;
    o.StorageConnectionString = connection;
    o.TaskHubName = args[0];
    o.PartitionCount = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    o.HostId = "crash-host";
    o.MaxPollInterval = TimeSpan.FromMilliseconds(100);
    o.LeaseRenewInterval = TimeSpan.FromSeconds(2);
})
    .AddOrchestrator<CrashWorkload>()
    .AddOrchestrator<CrashChild>()
    .AddActivity<CrashStep>();
await using var provider = services.BuildServiceProvider();
var host = provider.GetRequiredService<DurableEngineHost>();
await host.StartAsync(CancellationToken.None);
Console.WriteLine("engine started");
await Task.Delay(Timeout.Infinite);
