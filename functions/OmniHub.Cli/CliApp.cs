using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OmniHub.Cli;

/// <summary>The <c>omnihub</c> command tree. The client factory and console are injected so tests drive it in-process.</summary>
public static class CliApp
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static RootCommand Build(Func<Uri, string?, HubClient> clientFactory, IAnsiConsole console)
    {
        var hub = new Option<string>("--hub")
        {
            Description = "Base URL of the hub (env OMNIHUB_URL)",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OMNIHUB_URL") ?? "http://127.0.0.1:7071/",
        };
        hub.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                result.AddError($"--hub must be an absolute http(s) URL, was '{result.GetValueOrDefault<string>()}'");
            }
        });
        var apiKey = new Option<string?>("--api-key")
        {
            Description = "Ops API key (env OMNIHUB_API_KEY); never echoed",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OMNIHUB_API_KEY"),
        };
        var root = new RootCommand("OmniHub command line: instances, imports, channel backfills and SKU mappings.");
        root.Options.Add(hub);
        root.Options.Add(apiKey);
        HubClient Client(ParseResult result) => clientFactory(new Uri(result.GetValue(hub)!), result.GetValue(apiKey));

        root.Subcommands.Add(InstancesCommand(Client, console));
        root.Subcommands.Add(ImportCommand(Client, console));
        root.Subcommands.Add(ChannelsCommand(Client, console));
        root.Subcommands.Add(MappingsCommand(Client, console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, Func<Uri, string?, HubClient> clientFactory, IAnsiConsole console)
    {
        try
        {
            return await Build(clientFactory, console).Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (HubException error)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            return 2;
        }
        catch (HttpRequestException error)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot reach the hub: {error.Message}");
            return 3;
        }
    }

    private static Command InstancesCommand(Func<ParseResult, HubClient> client, IAnsiConsole console)
    {
        var instances = new Command("instances", "List, inspect and steer orchestration instances (Durable Functions management API).");
        var status = new Option<string[]>("--status") { Description = "Runtime statuses, e.g. Running Failed", AllowMultipleArgumentsPerToken = true };
        var prefix = new Option<string?>("--prefix") { Description = "Instance id prefix, e.g. order:shopify:" };
        var createdFrom = new Option<DateTimeOffset?>("--created-from") { Description = "Created at or after (ISO 8601)" };
        var createdTo = new Option<DateTimeOffset?>("--created-to") { Description = "Created at or before (ISO 8601)" };
        var top = new Option<int>("--top") { Description = "Page size", DefaultValueFactory = _ => 50 };
        var all = new Option<bool>("--all") { Description = "Follow continuation tokens to the end" };
        InstanceFilter Filter(ParseResult r) => new(r.GetValue(status) ?? [], r.GetValue(prefix), r.GetValue(createdFrom), r.GetValue(createdTo), r.GetValue(top));

        var list = new Command("list", "List instances") { status, prefix, createdFrom, createdTo, top, all };
        list.SetAction(async (result, cancellationToken) =>
        {
            var table = new Table().AddColumns("Instance", "Name", "Status", "Created", "Updated", "Custom status");
            string? continuation = null;
            var count = 0;
            do
            {
                var (page, next) = await client(result).ListInstancesAsync(Filter(result), continuation, cancellationToken);
                foreach (var item in page)
                {
                    table.AddRow(
                        Markup.Escape(Text(item, "instanceId")),
                        Markup.Escape(Text(item, "name")),
                        StatusMarkup(Text(item, "runtimeStatus")),
                        Markup.Escape(Text(item, "createdTime")),
                        Markup.Escape(Text(item, "lastUpdatedTime")),
                        Markup.Escape(Truncate(item?["customStatus"]?.ToJsonString() ?? string.Empty, 60)));
                    count++;
                }

                continuation = next;
            }
            while (continuation is not null && result.GetValue(all));

            console.Write(table);
            console.MarkupLineInterpolated($"{count} instance(s){(continuation is null ? string.Empty : "; more available (use --all)")}");
            return 0;
        });

        var id = new Argument<string>("instance-id") { Description = "Instance id" };
        var history = new Option<bool>("--history") { Description = "Include the history table" };
        var show = new Command("show", "Show one instance") { id, history };
        show.SetAction(async (result, cancellationToken) =>
        {
            var instance = await client(result).GetInstanceAsync(result.GetValue(id)!, result.GetValue(history), cancellationToken);
            if (instance is null)
            {
                console.MarkupLineInterpolated($"[red]no instance[/] {result.GetValue(id)}");
                return 1;
            }

            console.WriteLine(instance.ToJsonString(Indented));
            return 0;
        });

        var eventName = new Argument<string>("event") { Description = "Event name" };
        var data = new Option<string?>("--data") { Description = "Event payload as JSON" };
        var raise = new Command("raise", "Raise an external event") { id, eventName, data };
        raise.SetAction(async (result, cancellationToken) =>
        {
            var payload = result.GetValue(data);
            if (payload is not null && !IsJson(payload))
            {
                console.MarkupLine("[red]error:[/] --data is not valid JSON");
                return 1;
            }

            await client(result).RaiseEventAsync(result.GetValue(id)!, result.GetValue(eventName)!, payload, cancellationToken);
            console.MarkupLineInterpolated($"raised {result.GetValue(eventName)} on {result.GetValue(id)}");
            return 0;
        });

        var reason = new Option<string?>("--reason") { Description = "Why (recorded in history)" };
        var terminate = new Command("terminate", "Terminate an instance") { id, reason };
        terminate.SetAction(async (result, cancellationToken) =>
        {
            await client(result).TerminateAsync(result.GetValue(id)!, result.GetValue(reason), cancellationToken);
            console.MarkupLineInterpolated($"terminate requested for {result.GetValue(id)}");
            return 0;
        });

        var optionalId = new Argument<string?>("instance-id") { Description = "Instance id (or use filters)", Arity = ArgumentArity.ZeroOrOne };
        var purge = new Command("purge", "Purge one instance, or every instance matching the filters") { optionalId, status, prefix, createdFrom, createdTo };
        purge.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(optionalId);
            var filter = Filter(result);
            if (target is null && filter.Statuses.Count == 0 && filter.CreatedTo is null && filter.Prefix is null)
            {
                console.MarkupLine("[red]error:[/] give an instance id or at least one of --status, --prefix, --created-to");
                return 1;
            }

            var deleted = target is not null
                ? await client(result).PurgeAsync(target, cancellationToken)
                : await client(result).PurgeAsync(filter, cancellationToken);
            console.MarkupLineInterpolated($"purged {deleted} instance(s)");
            return 0;
        });

        instances.Subcommands.Add(list);
        instances.Subcommands.Add(show);
        instances.Subcommands.Add(raise);
        instances.Subcommands.Add(terminate);
        instances.Subcommands.Add(purge);
        return instances;
    }

    private static Command ImportCommand(Func<ParseResult, HubClient> client, IAnsiConsole console)
    {
        var import = new Command("import", "Import catalog, locations or stock from a CSV or JSON file; every row applies or none does.");
        foreach (var kind in new[] { "catalog", "locations", "stock", "mappings" })
        {
            var file = new Argument<FileInfo>("file") { Description = "CSV or JSON file" };
            var command = new Command(kind, $"Import {kind}") { file };
            command.SetAction(async (result, cancellationToken) =>
            {
                var info = result.GetValue(file)!;
                if (!info.Exists)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] {info.FullName} does not exist");
                    return 1;
                }

                var mediaType = info.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";
                ImportOutcome outcome = null!;
                await console.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask($"Uploading {info.Name}", maxValue: Math.Max(1, info.Length));
                    await using var stream = info.OpenRead();
                    outcome = await client(result).ImportAsync(kind, stream, mediaType, new Progress<long>(sent => task.Value = sent), cancellationToken);
                    task.Value = task.MaxValue;
                });
                if (outcome.Applied)
                {
                    console.MarkupLineInterpolated($"[green]imported[/] {outcome.Rows} {kind} row(s)");
                    return 0;
                }

                var table = new Table().AddColumns("Line", "Problem");
                foreach (var error in outcome.Errors)
                {
                    table.AddRow(error.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(error.Message));
                }

                console.Write(table);
                console.MarkupLineInterpolated($"[red]nothing imported:[/] {outcome.Errors.Count} bad row(s)");
                return 1;
            });
            import.Subcommands.Add(command);
        }

        return import;
    }

    private static Command ChannelsCommand(Func<ParseResult, HubClient> client, IAnsiConsole console)
    {
        var channels = new Command("channels", "Channel accounts");
        var account = new Argument<string>("account") { Description = "Channel account, e.g. shopify:main" };
        var from = new Option<DateTimeOffset>("--from") { Description = "Orders updated at or after (ISO 8601)", Required = true };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Orders updated before (ISO 8601); default now" };
        var wait = new Option<bool>("--no-wait") { Description = "Start the backfill and return" };
        var backfill = new Command("backfill", "Re-pull a date range of orders (deduplicated: nothing is created twice)") { account, from, to, wait };
        backfill.SetAction(async (result, cancellationToken) =>
        {
            var end = result.GetValue(to) ?? DateTimeOffset.UtcNow;
            var start = result.GetValue(from);
            if (end <= start)
            {
                console.MarkupLine("[red]error:[/] --to must be after --from");
                return 1;
            }

            var hub = client(result);
            var statusUri = await hub.StartBackfillAsync(result.GetValue(account)!, start, end, cancellationToken);
            console.MarkupLineInterpolated($"backfill started: {statusUri}");
            if (result.GetValue(wait))
            {
                return 0;
            }

            var outcome = 0;
            await console.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("Backfilling", maxValue: (end - start).TotalSeconds);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var status = await hub.GetAsync(statusUri, cancellationToken);
                    var runtime = Text(status, "runtimeStatus");
                    if (status?["customStatus"]?["position"]?.GetValue<DateTimeOffset>() is { } position)
                    {
                        task.Value = Math.Clamp((position - start).TotalSeconds, 0, task.MaxValue);
                    }

                    if (runtime is "Completed")
                    {
                        task.Value = task.MaxValue;
                        return;
                    }

                    if (runtime is "Failed" or "Terminated" or "Canceled")
                    {
                        outcome = 1;
                        return;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }
            });
            console.MarkupLine(outcome == 0 ? "[green]backfill completed[/]" : "[red]backfill did not complete[/]");
            return outcome;
        });
        channels.Subcommands.Add(backfill);
        return channels;
    }

    private static Command MappingsCommand(Func<ParseResult, HubClient> client, IAnsiConsole console)
    {
        var mappings = new Command("mappings", "Channel listing → catalog SKU mappings");
        var channel = new Option<string?>("--channel") { Description = "Channel, e.g. shopify" };
        var list = new Command("list", "List mappings") { channel };
        list.SetAction(async (result, cancellationToken) =>
        {
            var table = new Table().AddColumns("Channel", "Channel key", "Kind", "Components");
            foreach (var mapping in await client(result).ListMappingsAsync(result.GetValue(channel), cancellationToken))
            {
                var components = mapping?["components"] is JsonArray parts
                    ? string.Join(", ", parts.Select(p => $"{Text(p, "quantity")}× {Text(p, "sku")}"))
                    : string.Empty;
                table.AddRow(Markup.Escape(Text(mapping, "channel")), Markup.Escape(Text(mapping, "channelKey")), Markup.Escape(Text(mapping, "kind")), Markup.Escape(components));
            }

            console.Write(table);
            return 0;
        });

        var requiredChannel = new Option<string>("--channel") { Description = "Channel, e.g. shopify", Required = true };
        var key = new Option<string>("--key") { Description = "The channel's SKU, ASIN or listing id", Required = true };
        var keyKind = new Option<string>("--key-kind") { Description = "Sku | Asin | ListingId | VariantId", DefaultValueFactory = _ => "Sku" };
        var kind = new Option<string>("--kind") { Description = "Single | Multipack | Bundle | Kit", DefaultValueFactory = _ => "Single" };
        var components = new Option<string[]>("--component") { Description = "SKU:QTY, repeat for bundles and kits", Required = true, AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add or replace a mapping") { requiredChannel, key, keyKind, kind, components };
        add.SetAction(async (result, cancellationToken) =>
        {
            var parts = new JsonArray();
            foreach (var component in result.GetValue(components) ?? [])
            {
                var split = component.Split(':', 2);
                if (split.Length != 2 || !int.TryParse(split[1], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0 || split[0].Length == 0)
                {
                    console.MarkupLineInterpolated($"[red]error:[/] component '{component}' is not SKU:QTY with a positive quantity");
                    return 1;
                }

                parts.Add(new JsonObject { ["sku"] = split[0], ["quantity"] = quantity });
            }

            var mapping = new JsonObject
            {
                ["channel"] = result.GetValue(requiredChannel),
                ["channelKey"] = result.GetValue(key),
                ["keyKind"] = result.GetValue(keyKind),
                ["kind"] = result.GetValue(kind),
                ["components"] = parts,
            };
            await client(result).AddMappingAsync(mapping, cancellationToken);
            console.MarkupLineInterpolated($"[green]mapped[/] {result.GetValue(requiredChannel)}/{result.GetValue(key)}");
            return 0;
        });
        mappings.Subcommands.Add(list);
        mappings.Subcommands.Add(add);
        return mappings;
    }

    private static string Text(JsonNode? node, string property) => node?[property] switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };

    private static string StatusMarkup(string status) => status switch
    {
        "Completed" => "[green]Completed[/]",
        "Failed" => "[red]Failed[/]",
        "Terminated" => "[grey]Terminated[/]",
        "Running" => "[blue]Running[/]",
        "Suspended" => "[yellow]Suspended[/]",
        _ => Markup.Escape(status),
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
