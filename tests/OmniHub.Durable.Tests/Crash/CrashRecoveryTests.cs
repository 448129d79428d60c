using System.Diagnostics;
using OmniHub.Durable.Runtime;
using OmniHub.Durable.Storage;
using Xunit.Abstractions;

namespace OmniHub.Durable.Tests.Crash;

/// <summary>
/// Runs the engine in a child process on Azurite, SIGKILLs it at random moments while instances are being started and
/// processed, restarts it, and checks every instance completed exactly once with a duplicate-free history.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Partitions = 4;
    private const int Kills = 10;

    [Fact]
    public async Task KilledHost_RestartedTenTimesUnderLoad_EveryInstanceCompletesExactlyOnce()
    {
        var hubName = Storage.UniqueHubName("crash");
        var store = new AzureStorageTaskHubStore(Storage.ConnectionString, hubName, Partitions);
        await store.CreateIfNotExistsAsync(CancellationToken.None);
        var client = new DurableTaskClient(store, new DurableEngineOptions(), TimeProvider.System, new PartitionSignals());
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"hub {hubName}, seed {seed}");
        var instances = new List<(string Id, int Input)>();

        async Task StartBatchAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var input = instances.Count;
                var id = $"crash-{input:D4}";
                await client.ScheduleNewOrchestrationInstanceAsync("CrashWorkload", input, new StartOrchestrationOptions(id));
                instances.Add((id, input));
            }
        }

        try
        {
            await StartBatchAsync(60);
            var realKills = 0;
            for (var kill = 0; kill < Kills; kill++)
            {
                using var host = await StartHostAsync(hubName);
                await StartBatchAsync(15);
                await Task.Delay(random.Next(50, 1200));
                Assert.False(host.HasExited, "the engine process exited on its own");
                host.Kill();
                await host.WaitForExitAsync();
                realKills++;
                var done = await CountCompletedAsync(client);
                output.WriteLine($"kill {kill + 1}: {done}/{instances.Count} completed");
            }

            using (var final = await StartHostAsync(hubName))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                foreach (var (id, _) in instances)
                {
                    await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
                }

                final.Kill();
                await final.WaitForExitAsync();
            }

            Assert.Equal(Kills, realKills);
            foreach (var (id, input) in instances)
            {
                var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata!.RuntimeStatus);
                Assert.Equal(126 + (3 * input), metadata.ReadOutputAs<int>());
                AssertExactlyOnce(id, await client.GetHistoryAsync(id), tasks: 8, subOrchestrations: 1, timers: 1);
                var child = await client.GetInstanceAsync($"{id}-child");
                Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
                AssertExactlyOnce($"{id}-child", await client.GetHistoryAsync($"{id}-child"), tasks: 1, subOrchestrations: 0, timers: 0);
            }
        }
        finally
        {
            await store.DeleteAsync(CancellationToken.None);
        }
    }

    private static void AssertExactlyOnce(string id, IReadOnlyList<HistoryEvent> history, int tasks, int subOrchestrations, int timers)
    {
        Assert.True(history.Select(e => e.EventId).SequenceEqual(Enumerable.Range(0, history.Count)), $"{id}: event ids not contiguous");
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionCompleted);
        Assert.Equal(HistoryEventType.ExecutionCompleted, history[^1].EventType);
        foreach (var (scheduled, completed, expected) in new[]
        {
            (HistoryEventType.TaskScheduled, HistoryEventType.TaskCompleted, tasks),
            (HistoryEventType.SubOrchestrationInstanceCreated, HistoryEventType.SubOrchestrationInstanceCompleted, subOrchestrations),
            (HistoryEventType.TimerCreated, HistoryEventType.TimerFired, timers),
        })
        {
            var scheduledIds = history.Where(e => e.EventType == scheduled).Select(e => e.TaskId).ToList();
            var completedIds = history.Where(e => e.EventType == completed).Select(e => e.TaskId).ToList();
            Assert.True(scheduledIds.Count == expected, $"{id}: {scheduledIds.Count} {scheduled}, expected {expected}");
            Assert.True(completedIds.Count == expected, $"{id}: {completedIds.Count} {completed}, expected {expected}");
            Assert.Equal(scheduledIds.Order(), completedIds.Order());
            Assert.Equal(expected, scheduledIds.Distinct().Count());
        }

        Assert.DoesNotContain(history, e => e.EventType is HistoryEventType.TaskFailed or HistoryEventType.ExecutionFailed);
    }

    private static async Task<int> CountCompletedAsync(DurableTaskClient client)
    {
        var page = await client.QueryAllInstancesAsync(new OrchestrationQuery
        {
            InstanceIdPrefix = "crash-",
            Statuses = [OrchestrationRuntimeStatus.Completed],
            PageSize = 1000,
        }).CountAsync();
        return page;
    }

    private static async Task<Process> StartHostAsync(string hubName)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostAssembly());
        info.ArgumentList.Add(hubName);
        info.ArgumentList.Add(Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.Environment["OMNIHUB_STORAGE_CONNECTION"] = Storage.ConnectionString;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the engine process");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("engine started", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return process;
            }
        }

        throw new InvalidOperationException($"the engine process exited with code {process.ExitCode} before starting");
    }

    private static string HostAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var project = output.Parent.Parent!.Parent!.FullName;
        var path = Path.Combine(project, "CrashHost", "bin", configuration, framework, "OmniHub.Durable.CrashHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build tests/OmniHub.Durable.Tests first; crash host not found", path);
    }
}
