using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OmniHub.Durable.Tests.Telemetry;

/// <summary>Records the engine's measurements (meter <see cref="DurableTelemetry.Name"/>) with their tags.</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    public MetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DurableTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Values recorded by <paramref name="instrument"/> for the orchestration or activity <paramref name="name"/>.</summary>
    public IReadOnlyList<double> Values(string instrument, string name, string? status = null) => _measurements
        .Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault("durabletask.task.name"), name)
            && (status is null || Equals(m.Tags.GetValueOrDefault("durabletask.task.status"), status)))
        .Select(m => m.Value)
        .ToList();

    /// <summary>
    /// <see cref="Values"/> once at least one was recorded (bounded wait): ends are counted just after the checkpoint is
    /// stored, so a client can see the final status a moment before the count.
    /// </summary>
    public async Task<IReadOnlyList<double>> WaitForAsync(string instrument, string name, string? status = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Values(instrument, name, status).Count == 0 && !timeout.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return Values(instrument, name, status);
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue((instrument.Name, value, copy));
    }

    public void Dispose() => _listener.Dispose();
}
