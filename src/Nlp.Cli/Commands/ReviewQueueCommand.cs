using System.CommandLine;
using Nlp.Core.Formats;
using Nlp.Core.Review;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp review-queue PRED.jsonl [--other PRED2.jsonl] --out QUEUE.jsonl [--top N]</c>: the documents of a prediction
/// (from <c>nlp predict</c> or <c>nlp extract</c>) in the order a user should correct them, each with its items most
/// doubtful first (<see cref="ReviewQueue"/>): lowest calibrated confidence, and disagreement with a second profile.
/// </summary>
internal static class ReviewQueueCommand
{
    public static Command Create(CliConsole console)
    {
        var predictions = new Argument<string>("predictions") { Description = "predicted documents (JSONL with confidences, as predict and extract write them)" };
        var other = new Option<string?>("--other") { Description = "the same documents predicted by another profile: items only one of them predicts come first" };
        var output = new Option<string>("--out") { Description = "the queue to write (JSONL, one line per document, first to review first)", Required = true };
        var top = new Option<int>("--top") { Description = "list this many documents (0: all)" };
        var command = new Command("review-queue", "order predicted documents and their items by how much correcting them would help (active learning)")
        {
            predictions, other, output, top,
        };
        command.SetAction(parse => console.Run(() =>
        {
            if (parse.GetValue(top) < 0) throw new UsageException("--top must not be negative");
            var first = Read(parse.GetValue(predictions)!);
            var second = parse.GetValue(other) is { } path ? Read(path) : null;
            List<ReviewEntry> queue;
            try { queue = ReviewQueue.Build(first, second); }
            catch (InvalidDataException e) { throw new UsageException($"--other {parse.GetValue(other)}: {e.Message}"); }
            if (parse.GetValue(top) is > 0 and var n) queue = queue.Take(n).ToList();
            string outPath = parse.GetValue(output)!;
            if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } dir) Directory.CreateDirectory(dir);
            File.WriteAllLines(outPath, queue.Select((e, i) => ReviewQueue.ToJson(e, i + 1).ToString(Newtonsoft.Json.Formatting.None)));
            string head = queue.Count > 0 ? FormattableString.Invariant($", first {queue[0].Document.Id} ({queue[0].ExpectedErrors:F2})") : "";
            console.Out.WriteLine(FormattableString.Invariant(
                $"wrote {outPath}: {queue.Count} documents, {queue.Sum(e => e.Items.Count)} items, {queue.Sum(e => e.Disagreements)} disagreements; expected errors {queue.Sum(e => e.ExpectedErrors):F1}{head}"));
            return 0;
        }));
        return command;
    }

    static IReadOnlyList<Nlp.Core.Model.Document> Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
        return JsonlReader.ReadAll(path);
    }
}
