using System.Text.RegularExpressions;
using Nlp.Core.Model;

namespace Nlp.Corpora.Annotation;

/// <summary>
/// A span as written in an annotation line: its text and which occurrences are meant
/// ("Moscow" every or nearest one, "Moscow @2" the second, "Moscow @1,3", "Moscow -@2" all but the second).
/// </summary>
public sealed partial record SpanReference(string Written, IReadOnlyList<int> Only, IReadOnlyList<int> Except)
{
    public bool IsExplicit => Only.Count > 0;

    public static SpanReference Parse(string s)
    {
        s = s.Trim();
        var m = Selector().Match(s);
        if (!m.Success) return new SpanReference(s, [], []);
        var numbers = m.Groups["n"].Value.Split(',').Select(int.Parse).ToList();
        string written = s[..m.Index].TrimEnd();
        return m.Groups["neg"].Success ? new SpanReference(written, [], numbers) : new SpanReference(written, numbers, []);
    }

    /// <summary>The selected occurrences in the text, or an error message.</summary>
    public (IReadOnlyList<Span> Spans, string? Error) Resolve(string text)
    {
        if (Written.Length == 0) return ([], "empty span text");
        var all = SpanPattern.Of(Written).FindAll(text);
        if (all.Count == 0) return ([], $"\"{Written}\" does not occur in the passage");
        foreach (var n in Only.Concat(Except))
            if (n < 1 || n > all.Count) return ([], $"\"{Written}\" occurs {all.Count} times; there is no occurrence {n}");
        if (IsExplicit) return (Only.Select(n => all[n - 1]).ToList(), null);
        return (all.Where((_, i) => !Except.Contains(i + 1)).ToList(), null);
    }

    public override string ToString() =>
        Written + (Only.Count > 0 ? $" @{string.Join(",", Only)}" : Except.Count > 0 ? $" -@{string.Join(",", Except)}" : "");

    [GeneratedRegex(@"\s+(?<neg>-)?@(?<n>\d+(?:,\d+)*)$")]
    private static partial Regex Selector();
}
