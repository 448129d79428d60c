namespace OmniHub.Infrastructure.Import;

public enum ImportFormat
{
    Csv,
    Json,
}

/// <summary>One bad row: its line in the file (1-based; the header is line 1 in CSV), the field and what is wrong.</summary>
public sealed record ImportError(int Line, string Field, string Message)
{
    public override string ToString() => $"line {Line}: {Field}: {Message}";
}

/// <summary>
/// The outcome of an import. When <see cref="Errors"/> is not empty nothing was applied; otherwise
/// <see cref="Applied"/> rows were written.
/// </summary>
public sealed record ImportResult(int Applied, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>A row of a CSV or JSON import, with case- and separator-insensitive field lookup.</summary>
internal sealed class ImportRow(int line, IReadOnlyDictionary<string, string?> values)
{
    public int Line { get; } = line;

    public static string Normalise(string name) =>
        new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    public string? Get(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (values.TryGetValue(Normalise(name), out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }
}
