using System.CommandLine;
using System.Text;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Corpora.Conversion;

namespace Nlp.Cli.Commands;

/// <summary><c>nlp convert --from F --to T INPUT OUTPUT</c>: between JSONL and CoNLL-2003, CoNLL04 and BRAT standoff.</summary>
internal static class ConvertCommand
{
    private static readonly string[] Readable = ["jsonl", "conll2003", "conll04", "brat"];
    private static readonly string[] Writable = ["jsonl", "conll2003", "brat"];

    public static Command Create(CliConsole console)
    {
        var from = new Option<string>("--from") { Description = $"input format: {string.Join(", ", Readable)}", Required = true };
        var to = new Option<string>("--to") { Description = $"output format: {string.Join(", ", Writable)}", Required = true };
        var scheme = new Option<string>("--scheme") { Description = "tag scheme when writing conll2003: iob2 or iob1", DefaultValueFactory = _ => "iob2" };
        var perDoc = new Option<int>("--sentences-per-doc")
        {
            Description = "for conll2003 files without -DOCSTART-: sentences per document", DefaultValueFactory = _ => 1,
        };
        var toDomain = new Option<bool>("--to-domain")
        {
            Description = "conll04 input only: relabel to the domain schema (Peop→PERSON, Org→ORG, Loc→GPE; Live_In→RESIDES_IN, " +
                          "Located_In/OrgBased_In→LOCATED_IN, Work_For→MEMBER_OF; Other and Kill dropped)",
        };
        var input = new Argument<string>("input") { Description = "input file (a folder for brat)" };
        var output = new Argument<string>("output") { Description = "output file (a folder for brat)" };
        var command = new Command("convert", "convert annotated documents between formats") { from, to, scheme, perDoc, toDomain, input, output };
        command.SetAction(parse => console.Run(() =>
        {
            string f = parse.GetValue(from)!.ToLowerInvariant(), t = parse.GetValue(to)!.ToLowerInvariant();
            if (!Readable.Contains(f)) throw new UsageException($"cannot read format '{f}' (known: {string.Join(", ", Readable)})");
            if (!Writable.Contains(t)) throw new UsageException($"cannot write format '{t}' (known: {string.Join(", ", Writable)})");
            var tagScheme = parse.GetValue(scheme)!.ToLowerInvariant() switch
            {
                "iob2" => TagScheme.Iob2,
                "iob1" => TagScheme.Iob1,
                var s => throw new UsageException($"unknown tag scheme '{s}' (iob2 or iob1)"),
            };
            string inPath = parse.GetValue(input)!, outPath = parse.GetValue(output)!;
            if (parse.GetValue(toDomain) && f != "conll04") throw new UsageException("--to-domain maps CoNLL04 labels: use it with --from conll04");

            // Foreign corpora keep their own labels; their documents say which schema in meta.schema.
            IEnumerable<Document> docs = f switch
            {
                "conll2003" => Conll2003Converter.Read(inPath, parse.GetValue(perDoc)),
                "conll04" when parse.GetValue(toDomain) => Conll04Converter.Read(inPath).Select(Conll04DomainMapping.Map),
                "conll04" => Conll04Converter.Read(inPath),
                "brat" => BratConverter.ReadFolder(inPath),
                _ => new JsonlReader().Read(inPath),
            };

            int count = 0;
            IEnumerable<Document> Counted() { foreach (var d in docs) { count++; yield return d; } }
            switch (t)
            {
                case "jsonl":
                    JsonlWriter.WriteFile(outPath, Counted());
                    break;
                case "conll2003":
                    WriteThroughTemp(outPath, w => Conll2003Converter.Write(Counted(), w, tagScheme));
                    break;
                case "brat":
                    BratConverter.WriteFolder(Counted(), outPath);
                    break;
            }
            console.Error.WriteLine($"converted {count} documents from {f} to {t}: {outPath}");
            return 0;
        }));
        return command;
    }

    private static void WriteThroughTemp(string path, Action<TextWriter> write)
    {
        string tmp = path + ".tmp";
        using (var writer = new StreamWriter(tmp, false, new UTF8Encoding(false)) { NewLine = "\n" }) write(writer);
        File.Move(tmp, path, overwrite: true);
    }
}
