using System.Collections.Immutable;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Corpora;
using Nlp.Text;

namespace Nlp.Rules.Tests.Regression;

/// <summary>
/// The output the regression fingerprint pins: every document of train, dev and synthetic and the shared seed
/// texts, run (1) through the recognizer on bare text, (2) through the recognizer with TextStage tokens, and
/// (3) through the numbers stage on the document as stored (gold entities of other labels win over rules).
/// Each line of the fingerprint is one document in one mode: its matches as [start, end, label, value JSON].
/// </summary>
internal static class RegressionCorpus
{
    public const string FileName = "rules-fingerprint.jsonl";

    /// <summary>The committed file in the source tree, read in place (and rewritten on request).</summary>
    public static string SourcePath => Path.Combine(TestPaths.RepoRoot, "tests", "Nlp.Rules.Tests", "Regression", FileName);

    public static IEnumerable<Document> Documents()
    {
        foreach (var name in new[] { "train.jsonl", "dev.jsonl", "synthetic.jsonl" })
            foreach (var d in JsonlReader.ReadAll(TestPaths.TrainingData(name)))
                yield return d with { Id = $"{name}:{d.Id}" };
        string seeds = SharedData.Locate("seeds");
        foreach (var f in Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal))
            yield return new Document("seeds:" + Path.GetFileName(f), File.ReadAllText(f));
    }

    /// <summary>The fingerprint lines of one document, in a fixed order of modes.</summary>
    public static IEnumerable<string> Lines(Document doc, TextStage segmenter)
    {
        yield return Line(doc.Id, "bare", NumericRecognizer.Recognize(doc.Text, null)
            .Select(m => Row(m.Span, m.Label, m.Value)));
        var tokens = segmenter.Process(new Document(doc.Id, doc.Text)).Tokens!.Value;
        yield return Line(doc.Id, "tokens", NumericRecognizer.Recognize(doc.Text, tokens)
            .Select(m => Row(m.Span, m.Label, m.Value)));
        var staged = new NumericEntityStage().Process(doc);
        yield return Line(doc.Id, "stage", staged.Entities
            .Select(e => Row(e.Span, FormattableString.Invariant($"{e.Label}#{e.Id}#{e.Confidence}"), e.Extra)));
    }

    private static JArray Row(Span span, string label, JObject? value) =>
        new(span.Start, span.End, label, value is null ? JValue.CreateNull() : value.ToString(Formatting.None));

    private static string Line(string id, string mode, IEnumerable<JArray> rows) =>
        new JObject { ["doc"] = id, ["mode"] = mode, ["m"] = new JArray(rows) }.ToString(Formatting.None);
}
