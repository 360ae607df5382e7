using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Models.Calibration;
using Nlp.Models.Tagging;
using Nlp.Models.Events;
using Nlp.Models.Relations;
using Nlp.Rules;
using Nlp.Text;

namespace Nlp.Pipeline.Building;

/// <summary>
/// The one registry of stages, in pipeline order: <c>extract</c>, <c>predict</c> and <c>bench</c> all build from it
/// (<see cref="PipelineBuilder"/>) and run through <see cref="DocumentPipeline"/>. Registering a stage is one line:
/// name, model folder, the layers it reads and writes, loader. A stage whose model folder is missing cannot run
/// (<see cref="PipelineBuilder"/> refuses it unless the stage is left out); an order in which a stage lacks the layers
/// it reads is refused from these declarations, before any model is loaded.
/// The tagger replaces the entities layer, so the numbers stage (rules, no model folder) comes after it and merges
/// its dates and numbers over the tagger's; relations and events read the entities layer; calibration comes last and
/// recalibrates every confidence the others made for documents from new sources.
/// </summary>
public sealed class StageCatalog
{
    private readonly List<StageKind> _kinds = [];

    public IReadOnlyList<StageKind> Kinds => _kinds;

    public StageCatalog Add(string name, string? modelDirectory, Layer reads, Layer writes, Func<StageSettings, IDocumentStage> load,
        string? codeVersion = null, bool usesThresholds = false)
    {
        if (_kinds.Any(k => k.Name == name)) throw new ArgumentException($"stage kind '{name}' is registered twice");
        _kinds.Add(new StageKind(name, modelDirectory, reads, writes, load, codeVersion, usesThresholds));
        return this;
    }

    /// <summary>The profiles: <c>fast</c> tags with models/ner, <c>accurate</c> with models/ner-minilm, the tagger that
    /// also reads a pretrained encoder, and finds events with models/events-minilm and relations with models/relations-minilm, which read it too (docs/RESULTS.md:
    /// +3.3 entity, +7 relation and +1.8 argument F1 on dev-other, about a third of the speed). Records name their profile and the tagger, so provenance tells the profiles apart.</summary>
    public static readonly IReadOnlyList<string> Profiles = ["fast", "accurate"];

    /// <summary><c>accurate</c> meets issue 18's floors here (18,700 tokens/s end to end, 1.3 GB with 2 workers), so it
    /// is the default; <c>fast</c> (35,800 tokens/s, 0.6 GB) is for archives where twice the speed matters more.</summary>
    public const string DefaultProfile = "accurate";

    /// <summary>The model folders a profile chooses, by stage; a stage not named here uses its own folder whatever the
    /// profile. Giving a profile another model of a stage is one entry here.</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ProfileFolders =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["fast"] = new Dictionary<string, string> { ["ner"] = "ner" },
            // The event model that reads context clusters of the tagger's encoder (docs/RESULTS.md: dev-other arguments
            // 54.9 against 53.6) and the relation model whose dense pair scorer reads its vectors (relations 51.8
            // against 50.0; with context clusters instead it measured worse, 48.1), and the calibration for new sources
            // fitted on these models' own leave-one-source-out predictions (dev-other argument ECE 0.118 -> 0.105).
            ["accurate"] = new Dictionary<string, string>
            {
                ["ner"] = "ner-minilm", ["events"] = "events-minilm", ["relations"] = "relations-minilm", ["calibration"] = "calibration-minilm",
            },
        };

    /// <summary>The model folder (under the models folder) of a stage in a profile; an unknown profile is refused.</summary>
    public static string ModelFolder(string profile, string stage, string standard) =>
        ProfileFolders.TryGetValue(profile, out var folders)
            ? folders.GetValueOrDefault(stage, standard)
            : throw new ArgumentException($"--profile: unknown profile '{profile}' (known: {string.Join(", ", Profiles)})");

    /// <summary>The tagger's model folder of a profile.</summary>
    public static string TaggerFolder(string profile) => ModelFolder(profile, "ner", "ner");

    /// <summary>The stages this build of the product has.</summary>
    public static StageCatalog Default(string profile = DefaultProfile) => new StageCatalog()
        .Add("segment", null, Layer.Text, Layer.Sentences | Layer.Tokens | Layer.Zones, _ => new TextStage(), codeVersion: new TextStage().Version)
        .Add("ner", TaggerFolder(profile), Layer.Tokens | Layer.Sentences, Layer.Entities, s => new EntityTaggerStage(EntityTagger.Load(s.ModelDirectory!)))
        .Add("numbers", null, Layer.Text, Layer.Entities, _ => new NumericEntityStage(), codeVersion: "rules-" + RuleManifest.Default.RulesVersion)
        .Add("relations", ModelFolder(profile, "relations", "relations"), Layer.Tokens | Layer.Sentences | Layer.Entities, Layer.Relations,
            s => new RelationStage(Overridden(RelationModel.Load(s.ModelDirectory!), s, (m, t) => m.WithThresholds(t))), usesThresholds: true)
        .Add("events", ModelFolder(profile, "events", "events"), Layer.Tokens | Layer.Sentences | Layer.Entities, Layer.Events,
            s => new EventStage(Overridden(EventModel.Load(s.ModelDirectory!), s, (m, t) => m.WithThresholds(t))), usesThresholds: true)
        .Add("calibration", ModelFolder(profile, "calibration", "calibration"), Layer.Entities, Layer.None,
            s => new CalibrationStage(SourceShiftCalibration.Load(s.ModelDirectory!)));

    /// <summary>The model as trained unless --thresholds overrides some of its thresholds.</summary>
    private static T Overridden<T>(T model, StageSettings settings, Func<T, IReadOnlyDictionary<string, double>, T> with) =>
        settings.Thresholds.Count == 0 ? model : with(model, settings.Thresholds);
}
