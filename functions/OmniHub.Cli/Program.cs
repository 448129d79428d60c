using OmniHub.Cli;
using Spectre.Console;

return await CliApp.RunAsync(args, (hub, apiKey) => HubClient.Create(hub, apiKey), AnsiConsole.Console);
