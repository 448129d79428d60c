using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OmniHub.Infrastructure.Import;

/// <summary>Reads CSV (header row + records) or JSON (an array of objects, or an object holding one array) into rows.</summary>
internal static class ImportReader
{
    public static (IReadOnlyList<ImportRow> Rows, List<ImportError> Errors) Read(TextReader reader, ImportFormat format)
    {
        var (rows, errors) = format == ImportFormat.Csv ? ReadCsv(reader) : ReadJson(reader);
        return (rows, errors.ToList());
    }

    private static (IReadOnlyList<ImportRow>, IReadOnlyList<ImportError>) ReadCsv(TextReader reader)
    {
        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        try
        {
            string[]? header = null;
            foreach (var (line, fields) in CsvReader.Read(reader))
            {
                if (header is null)
                {
                    header = fields.Select(f => ImportRow.Normalise(f.TrimStart('\uFEFF'))).ToArray();
                    continue;
                }

                if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
                {
                    continue;
                }

                if (fields.Count != header.Length)
                {
                    errors.Add(new ImportError(line, "row", $"has {fields.Count} fields, the header has {header.Length}"));
                    continue;
                }

                rows.Add(new ImportRow(line, header.Zip(fields).GroupBy(p => p.First).ToDictionary(g => g.Key, g => (string?)g.First().Second, StringComparer.Ordinal)));
            }

            return header is null ? (rows, [new ImportError(1, "header", "the file is empty")]) : (rows, errors);
        }
        catch (FormatException ex)
        {
            return (rows, [new ImportError(0, "file", ex.Message)]);
        }
    }

    private static (IReadOnlyList<ImportRow>, IReadOnlyList<ImportError>) ReadJson(TextReader reader)
    {
        JToken root;
        try
        {
            using var json = new JsonTextReader(reader) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
            root = JToken.Load(json, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load });
        }
        catch (JsonReaderException ex)
        {
            return ([], [new ImportError(ex.LineNumber, "file", "is not valid JSON: " + ex.Message)]);
        }

        var array = root as JArray ?? (root as JObject)?.Properties().Select(p => p.Value).OfType<JArray>().FirstOrDefault();
        if (array is null)
        {
            return ([], [new ImportError(Line(root), "file", "expected an array of objects, or an object holding one")]);
        }

        var rows = new List<ImportRow>();
        var errors = new List<ImportError>();
        foreach (var item in array)
        {
            if (item is not JObject obj)
            {
                errors.Add(new ImportError(Line(item), "row", "is not an object"));
                continue;
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in obj.Properties())
            {
                values[ImportRow.Normalise(property.Name)] = property.Value switch
                {
                    JArray list => string.Join(';', list.Select(v => v.ToString())),
                    JValue { Value: null } => null,
                    JValue value => Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture),
                    var other => other.ToString(Formatting.None),
                };
            }

            rows.Add(new ImportRow(Line(obj), values));
        }

        return (rows, errors);
    }

    private static int Line(JToken token) => token is IJsonLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;
}
