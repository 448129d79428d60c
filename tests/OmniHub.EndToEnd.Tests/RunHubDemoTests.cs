using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace OmniHub.EndToEnd.Tests;

/// <summary>
/// The README's run command as a user runs it: <c>bash infra/local/run-hub.sh</c> as a child process (emulators are
/// reused when running, started and stopped by the script otherwise), on free ports and a task hub, database and queue
/// prefix of its own. Waits for the printed monitor URL and demo key, sees demo orders reach Completed with tracking
/// recorded at the simulator, then stops the script with SIGTERM (its Ctrl+C path: the same trap and cleanup; SIGINT
/// itself cannot be trapped by a shell that inherited it ignored, as a child of the test runner may) and checks every
/// process it started is gone.
/// </summary>
public sealed class RunHubDemoTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FlowBound = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunHub_Demo_OrdersCompleteWithTrackingAndCtrlCStopsEverything()
    {
        var root = RepositoryRoot();
        var run = Guid.NewGuid().ToString("N")[..8];
        var hostPort = FreePort();
        var simPort = FreePort();
        var lines = new ConcurrentQueue<string>();
        using var script = Start(root, run, hostPort, simPort, lines);
        var stopped = false;
        var all = new List<int>();
        try
        {
            var key = await WaitForLineAsync(lines, script, "demo API key:", StartBound);
            var demoKey = key.Split(':', 2)[1].Trim().Split(' ')[0];
            Assert.Matches("^[0-9a-f]{48}$", demoKey);
            Assert.Contains(lines, l => l.Contains($"monitor:        http://127.0.0.1:{hostPort}/", StringComparison.Ordinal));
            var descendants = Descendants(script.Id);
            all.AddRange(descendants);
            Assert.Contains(descendants, pid => CommandLine(pid).Contains("OmniHub.Host.dll", StringComparison.Ordinal));
            Assert.Contains(descendants, pid => CommandLine(pid).Contains("OmniHub.MarketplaceSimulator.dll", StringComparison.Ordinal));

            using var hub = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hostPort}/"), Timeout = TimeSpan.FromSeconds(30) };
            hub.DefaultRequestHeaders.Add("x-api-key", demoKey);
            using var sim = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{simPort}/"), Timeout = TimeSpan.FromSeconds(30) };
            var (order, tracking) = await WaitForCompletedOrderWithTrackingAsync(hub, sim);
            output.WriteLine($"completed {order} with tracking {tracking}");

            all.AddRange(Descendants(script.Id));
            Signal(script.Id, "TERM");
            stopped = await WaitForExitAsync(script, StopBound);
            Assert.True(stopped, "run-hub.sh did not exit within 60 s of SIGTERM");
            Assert.Equal(143, script.ExitCode);
            var survivors = all.Where(Alive).Select(pid => $"{pid}: {CommandLine(pid)}").ToList();
            Assert.True(survivors.Count == 0, "still running after the script stopped: " + string.Join("; ", survivors));
            Assert.False(await AnswersAsync(hostPort), "the hub still answers after the script stopped");
            Assert.False(await AnswersAsync(simPort), "the simulator still answers after the script stopped");
        }
        finally
        {
            if (!stopped)
            {
                foreach (var pid in all.Concat(Descendants(script.Id)).Distinct().Where(Alive))
                {
                    Signal(pid, "KILL");
                }

                script.Kill(entireProcessTree: true);
            }

            output.WriteLine(string.Join(Environment.NewLine, lines.Where(l => l.StartsWith("[omnihub]", StringComparison.Ordinal))));
        }
    }

    private static async Task<(string Order, string Tracking)> WaitForCompletedOrderWithTrackingAsync(HttpClient hub, HttpClient sim)
    {
        var deadline = DateTime.UtcNow + FlowBound;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            var page = await hub.GetFromJsonAsync<JsonObject>("api/ops/orders?status=Completed&top=50");
            var completed = page?["items"]?.AsArray() ?? [];
            var pushes = await sim.GetFromJsonAsync<JsonArray>("_sim/recordings?kind=Tracking") ?? [];
            foreach (var item in completed)
            {
                var channel = item!["channel"]!.GetValue<string>();
                var channelOrderId = item["channelOrderId"]!.GetValue<string>();
                var push = pushes.FirstOrDefault(p => p!["channel"]?.GetValue<string>() == channel
                    && (p["orderId"]?.GetValue<string>() == channelOrderId || p.ToJsonString().Contains(channelOrderId, StringComparison.Ordinal)));
                if (push is not null)
                {
                    return (item["id"]!.GetValue<string>(), push.ToJsonString());
                }
            }

            last = $"{completed.Count} completed, {pushes.Count} tracking pushes";
            await Task.Delay(2000);
        }

        throw new Xunit.Sdk.XunitException($"no demo order reached Completed with tracking at the simulator within {FlowBound}; last: {last}");
    }

    private static Process Start(string root, string run, int hostPort, int simPort, ConcurrentQueue<string> lines)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "infra", "local", "run-hub.sh")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["OMNIHUB_HOST_PORT"] = hostPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["OMNIHUB_SIM_PORT"] = simPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["OMNIHUB_DEMO_ORDERS_PER_MINUTE"] = "30";
        start.Environment["Durable__TaskHub"] = $"E2E{run}";
        start.Environment["Cosmos__Database"] = $"e2e{run}";
        start.Environment["Queue__NamePrefix"] = $"e2e{run}";
        start.Environment["Workflows__PollInterval"] = "00:00:03";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<string> WaitForLineAsync(ConcurrentQueue<string> lines, Process script, string marker, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (lines.FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (script.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"run-hub.sh exited with {script.ExitCode}: {string.Join(Environment.NewLine, lines.TakeLast(30))}");
            }

            await Task.Delay(500);
        }

        throw new Xunit.Sdk.XunitException($"run-hub.sh printed no '{marker}' within {bound}: {string.Join(Environment.NewLine, lines.TakeLast(30))}");
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    /// <summary>Every process below <paramref name="pid"/>, from /proc.</summary>
    private static List<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(child);
            }
            catch (IOException)
            {
            }
        }

        var result = new List<int>();
        var stack = new Stack<int>([pid]);
        while (stack.Count > 0)
        {
            foreach (var child in children.GetValueOrDefault(stack.Pop()) ?? [])
            {
                result.Add(child);
                stack.Push(child);
            }
        }

        return result;
    }

    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OmniHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("OmniHub.sln was not found above " + AppContext.BaseDirectory);
    }
}
