namespace Nlp.Models.MaxEnt;

/// <summary>Parses threshold overrides given on the command line: "0.4" (all labels) or "DEPORT=0.3,ARREST=0.6".</summary>
public static class ThresholdOverrides
{
    public static IReadOnlyDictionary<string, double> Parse(string? text)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return result;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            string key = eq < 0 ? "*" : part[..eq].Trim();
            string value = eq < 0 ? part : part[(eq + 1)..];
            if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var t) || t < 0 || t > 1)
                throw new ArgumentException($"threshold '{part}': expected a number between 0 and 1, or LABEL=number");
            result[key] = t;
        }
        return result;
    }

    public static IReadOnlyDictionary<string, double> Merge(IReadOnlyDictionary<string, double> manifest, IReadOnlyDictionary<string, double> overrides)
    {
        var merged = new Dictionary<string, double>(manifest, StringComparer.Ordinal);
        // A bare number overrides every per-label threshold of the manifest, not just the default.
        if (overrides.TryGetValue("*", out var all)) { merged.Clear(); merged["*"] = all; }
        foreach (var (k, v) in overrides) merged[k] = v;
        return merged;
    }
}
