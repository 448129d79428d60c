using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OmniHub.Benchmarks;

/// <summary>What the benchmarks share: options, percentiles, the machine's load, the repository, a child hub.</summary>
internal static class BenchmarkSupport
{
    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The <paramref name="q"/> quantile of an ascending array (nearest rank); NaN when empty.</summary>
    public static double At(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The directory above the binaries that contains <paramref name="relative"/>.</summary>
    public static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, relative)) || Directory.Exists(Path.Combine(dir.FullName, relative)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Polls <paramref name="path"/> on a child hub until it answers 2xx; fails when the hub exits or after <paramref name="timeout"/>.</summary>
    public static async Task WaitHealthyAsync(HttpClient http, Process host, string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"the hub exited with {host.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the hub did not answer /{path} within {timeout.TotalSeconds:F0} s"));
    }
}
