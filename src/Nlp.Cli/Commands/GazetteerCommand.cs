using System.CommandLine;
using Nlp.Models.Tagging;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp gazetteer --out FILE [--wordnet DIR] [--iso-codes DIR] [--names F1,F2]</c>: builds the name lists an
/// entity tagger can read as features (<c>nlp train ner --gazetteer FILE</c>), from WordNet, iso-codes and
/// first-name lists (training-data/fetch-name-lists.sh fetches those). Only for training: the file ships inside
/// the model folder.
/// </summary>
internal static class GazetteerCommand
{
    public static Command Create(CliConsole console)
    {
        var defaults = GazetteerSources.Default();
        var output = new Option<string>("--out") { Description = "gazetteer file to write (.tsv.gz)", Required = true };
        var wordNet = new Option<string?>("--wordnet") { Description = "WordNet 3.0 database folder, or 'none'", DefaultValueFactory = _ => defaults.WordNet };
        var isoCodes = new Option<string?>("--iso-codes") { Description = "iso-codes JSON folder, or 'none'", DefaultValueFactory = _ => defaults.IsoCodes };
        var names = new Option<string?>("--names") { Description = "first-name lists, one name per line, comma-separated" };
        var command = new Command("gazetteer", "build name lists (WordNet, iso-codes, first names) for the entity tagger's features")
            { output, wordNet, isoCodes, names };
        command.SetAction(parse => console.Run(() =>
        {
            string? Folder(Option<string?> option)
            {
                var value = parse.GetValue(option);
                if (string.IsNullOrEmpty(value) || value == "none") return null;
                return Directory.Exists(value) ? value : throw new UsageException($"{option.Name}: no folder {value}");
            }
            var sources = new GazetteerSources(Folder(wordNet), Folder(isoCodes), DocumentFiles.SplitList(parse.GetValue(names)));
            var gazetteer = GazetteerBuilder.Build(sources);
            string path = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            gazetteer.Save(path);
            console.Out.WriteLine($"wrote {path}: {gazetteer.PhraseCount:N0} phrases, {new FileInfo(path).Length / 1024:N0} KB; classes {string.Join(", ", gazetteer.Classes)}");
            return 0;
        }));
        return command;
    }
}
