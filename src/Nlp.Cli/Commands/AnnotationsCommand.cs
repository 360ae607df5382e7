using System.CommandLine;
using Nlp.Core.Annotation;
using Nlp.Core.Formats;
using Nlp.Core.Statistics;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp annotations passages|build</c>: lists the seed passages annotators work on, and compiles the
/// annotation scripts of training-data/annotations into train, dev and synthetic JSONL with computed offsets.
/// </summary>
internal static class AnnotationsCommand
{
    public static Command Create(CliConsole console)
    {
        var seeds = new Option<string?>("--seeds") { Description = "folder of seed documents (default: ../shared/seeds)" };
        var annotations = new Option<string>("--annotations") { Description = "folder of *.ann scripts", DefaultValueFactory = _ => "training-data/annotations" };
        var output = new Option<string>("--out") { Description = "folder for train.jsonl, dev.jsonl, synthetic.jsonl", DefaultValueFactory = _ => "training-data" };
        var check = new Option<bool>("--check") { Description = "compile and report, write nothing" };
        var source = new Option<string?>("--source") { Description = "only passages of this seed (file name without extension)" };
        var ids = new Option<bool>("--ids") { Description = "list passage ids, sizes and splits only" };

        var passages = new Command("passages", "print the seed passages with their ids, as annotation scripts name them") { seeds, source, ids };
        passages.SetAction(parse => console.Run(() =>
        {
            var builder = new TrainingDataBuilder(parse.GetValue(seeds) ?? SharedData.Locate("seeds"), ".");
            var all = builder.Passages();
            foreach (var group in all.GroupBy(p => p.Source))
            {
                if (parse.GetValue(source) is { } only && group.Key != only) continue;
                int count = group.Count();
                foreach (var p in group)
                {
                    string split = TrainingDataBuilder.IsDev(p, count) ? "dev" : "train";
                    if (parse.GetValue(ids)) { console.Out.WriteLine($"{p.Id}\t{p.Text.Length}\t{split}"); continue; }
                    console.Out.WriteLine($"## passage {p.Id}   [{split}, chars {p.Start}-{p.End}]");
                    console.Out.WriteLine(p.Text);
                    console.Out.WriteLine();
                }
            }
            return 0;
        }));

        var build = new Command("build", "compile annotation scripts into JSONL with computed offsets, and check them") { seeds, annotations, output, check };
        build.SetAction(parse => console.Run(() =>
        {
            var builder = new TrainingDataBuilder(parse.GetValue(seeds) ?? SharedData.Locate("seeds"), parse.GetValue(annotations)!);
            var result = builder.Build();
            foreach (var e in result.Errors) console.Error.WriteLine($"error: {e}");
            if (result.Unannotated.Count > 0)
                console.Error.WriteLine($"note: {result.Unannotated.Count} seed passages are not annotated yet: " +
                                        string.Join(", ", result.Unannotated.Select(p => p.Id)));
            foreach (var (name, docs) in new[] { ("train", result.Train), ("dev", result.Dev), ("synthetic", result.Synthetic) })
            {
                var counts = new AnnotationCounts();
                foreach (var d in docs) counts.Add(d);
                console.Out.WriteLine($"== {name}: {counts.Documents} passages, {counts.EntityCount} entities, {counts.EventCount} events, " +
                                      $"{counts.ArgumentCount} arguments, {counts.RelationCount} relations");
                if (!parse.GetValue(check))
                    JsonlWriter.WriteFile(Path.Combine(parse.GetValue(output)!, $"{name}.jsonl"), docs);
            }
            return result.Errors.Count == 0 ? 0 : 1;
        }));

        return new Command("annotations", "training data: seed passages and annotation scripts") { passages, build };
    }
}
