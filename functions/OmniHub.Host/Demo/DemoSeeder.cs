using OmniHub.Infrastructure.Import;

namespace OmniHub.Host.Demo;

/// <summary>Imports the demo network through the same all-or-nothing importer the ops API uses.</summary>
public sealed class DemoSeeder(DemoOptions options, CatalogImporter importer, ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly string[] Order = ["locations", "catalog", "mappings", "stock"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = options.SeedDirectory ?? throw new InvalidOperationException("Demo:Seed needs Demo:SeedDirectory (e.g. infra/local/demo).");
        foreach (var kind in Order)
        {
            var path = Path.Combine(directory, $"{kind}.json");
            using var reader = File.OpenText(path);
            var result = kind switch
            {
                "locations" => await importer.ImportLocationsAsync(reader, ImportFormat.Json, cancellationToken),
                "catalog" => await importer.ImportSkusAsync(reader, ImportFormat.Json, cancellationToken),
                "mappings" => await importer.ImportMappingsAsync(reader, ImportFormat.Json, cancellationToken),
                _ => await importer.ImportStockAsync(reader, ImportFormat.Json, cancellationToken),
            };
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo seed {path} has errors: {string.Join("; ", result.Errors)}");
            }

            logger.DemoSeeded(kind, result.Applied);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
