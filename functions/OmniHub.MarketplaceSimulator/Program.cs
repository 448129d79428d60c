using OmniHub.MarketplaceSimulator;

var options = SimulatorOptions.FromArgs(args);
var app = SimulatorApp.Build(args, options);
await app.RunAsync();
