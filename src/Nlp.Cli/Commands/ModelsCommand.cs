using System.CommandLine;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Pipeline.Building;
using Nlp.Pipeline.Versions;
using Spectre.Console;

namespace Nlp.Cli.Commands;

/// <summary>
/// <c>nlp models list [NAME] [--models DIR] [--json]</c>: each model's versions (current and kept) with date, training
/// data and dev scores. <c>nlp models use NAME@VERSION</c>: makes a kept version current (the current one is kept).
/// <c>nlp models compare NAME@A NAME@B --gold FILE</c>: see <see cref="ModelsCompareCommand"/>.
/// </summary>
internal static class ModelsCommand
{
    public static Command Create(CliConsole console) => new("models", "list the models and their versions, switch versions, compare two versions")
    {
        List(console),
        Use(console),
        ModelsCompareCommand.Create(console),
    };

    public static Option<string?> ModelsOption() => new("--models")
    {
        Description = $"the models folder (default: ${ModelsFolder.EnvironmentVariable}, else the models/ of the installation)",
    };

    public static string ModelsDirectory(string? given) => given ?? ModelsFolder.Default();

    /// <summary>The models folder, after finishing or undoing any version switch a killed process left half done
    /// (<see cref="InterruptedSwitch"/>); each repair is reported.</summary>
    public static string RepairedModelsDirectory(string? given, CliConsole console)
    {
        string dir = ModelsDirectory(given);
        foreach (var repair in InterruptedSwitch.Repair(dir)) console.Error.WriteLine("models: " + repair);
        return dir;
    }

    static Command List(CliConsole console)
    {
        var name = new Argument<string?>("name") { Description = "only this model", Arity = ArgumentArity.ZeroOrOne };
        var models = ModelsOption();
        var json = new Option<bool>("--json") { Description = "print one JSON array instead of a table" };
        var command = new Command("list", "the models and their versions: version, date, training data, dev scores") { name, models, json };
        command.SetAction(parse => console.Run(() => Usage(() =>
        {
            string dir = RepairedModelsDirectory(parse.GetValue(models), console);
            var names = parse.GetValue(name) is { } one ? [one] : ModelVersions.Models(dir);
            var versions = names.SelectMany(n => ModelVersions.List(ModelVersions.ModelDirectory(dir, n))).ToList();
            if (parse.GetValue(json))
                console.Out.WriteLine(new JArray(versions.Select(Json)).ToString(Formatting.None));
            else
                Table(console, versions);
            return 0;
        })));
        return command;
    }

    static Command Use(CliConsole console)
    {
        var target = new Argument<string>("name@version") { Description = "the model and the version to make current (a prefix of its hash is enough)" };
        var models = ModelsOption();
        var command = new Command("use", "make a kept version of a model current (roll back or forward); the current version is kept") { target, models };
        command.SetAction(parse => console.Run(() => Usage(() =>
        {
            string dir = RepairedModelsDirectory(parse.GetValue(models), console);
            var (name, version) = SplitTarget(parse.GetValue(target)!);
            string modelDir = ModelVersions.ModelDirectory(dir, name);
            string before = ManifestFile.Read(modelDir).Version;
            var now = ModelVersions.Use(modelDir, version);
            console.Out.WriteLine(now.Version == before
                ? $"{name}: {now.Version} is already current"
                : $"{name}: now {now.Version} (was {before}, kept under {Path.Combine(modelDir, ModelVersions.VersionsFolder, ModelVersions.FolderName(before))})");
            return 0;
        })));
        return command;
    }

    /// <summary>NAME@VERSION; a missing part is a usage error.</summary>
    public static (string Name, string Version) SplitTarget(string value)
    {
        int at = value.IndexOf('@');
        if (at <= 0 || at == value.Length - 1)
            throw new UsageException($"'{value}': give NAME@VERSION, e.g. ner@sha256:649ada3fc946 (nlp models list shows the versions)");
        return (value[..at], value[(at + 1)..]);
    }

    /// <summary>An unknown model or version is the user's mistake: exit 2 with the message that lists what exists.</summary>
    public static int Usage(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (UnknownModelVersionException e)
        {
            throw new UsageException(e.Message);
        }
    }

    static void Table(CliConsole console, IReadOnlyList<ModelVersion> versions)
    {
        var table = new Table().AddColumns("model", "version", "", "created", "training data", "dev scores");
        foreach (var v in versions)
            table.AddRow(Markup.Escape(v.Name), Markup.Escape(v.Version), v.Current ? "current" : "",
                v.Manifest.Created?.ToString("yyyy-MM-dd HH:mm") ?? "", Markup.Escape(TrainingData(v.Manifest)), Markup.Escape(DevScores(v.Manifest)));
        var writer = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        writer.Profile.Width = 200;
        writer.Write(table);
    }

    static JObject Json(ModelVersion v) => new()
    {
        ["name"] = v.Name,
        ["version"] = v.Version,
        ["current"] = v.Current,
        ["kind"] = v.Manifest.Kind,
        ["created"] = v.Manifest.Created,
        ["directory"] = v.Directory,
        ["training_data"] = new JArray(v.Manifest.Recipe.TrainingData.Select(f => f.Path)),
        ["dev_data"] = new JArray(v.Manifest.Recipe.DevData.Select(f => f.Path)),
        ["dev_scores"] = DevScores(v.Manifest),
    };

    static string TrainingData(ModelManifest m) =>
        string.Join(", ", m.Recipe.TrainingData.Select(f => Path.GetFileName(f.Path) + (f.Documents is int n ? $" ({n})" : "")));

    /// <summary>The dev F1 a manifest records: the tagger's one figure, or the layers its kind predicts.</summary>
    public static string DevScores(ModelManifest m)
    {
        if (m.Scores["dev"] is not JObject dev) return "";
        if (dev["f1"] is JValue f1) return $"F1 {(double)f1:F1}";
        string[] layers = m.Kind switch
        {
            "events" => ["triggers", "arguments"],
            "relations" => ["relations"],
            _ => [],
        };
        return string.Join(", ", layers.Where(l => dev[l]?["micro"]?["f1"] is JValue)
            .Select(l => $"{l} {(double)dev[l]!["micro"]!["f1"]!:F1}"));
    }
}
