using Nlp.Models.Calibration;
using Nlp.Models.Tagging;
using Nlp.Models.Events;
using Nlp.Models.Relations;
using Nlp.Rules;
using Nlp.Text;

namespace Nlp.Pipeline.Building;

/// <summary>
/// The stage kinds, in pipeline order. Registering a stage is one line: name, model folder, loader. A stage whose
/// model folder is missing cannot run (<see cref="PipelineBuilder"/> refuses it unless the stage is left out);
/// <see cref="Core.Pipeline.DocumentPipeline"/> refuses an order in which a stage lacks the layers it requires.
/// The tagger replaces the entities layer, so the numbers stage (rules, no model folder) comes after it and merges
/// its dates and numbers over the tagger's; relations and events read the entities layer; calibration comes last and
/// recalibrates every confidence the others made for documents from new sources.
/// </summary>
public sealed class StageCatalog
{
    private readonly List<StageKind> _kinds = [];

    public IReadOnlyList<StageKind> Kinds => _kinds;

    public StageCatalog Add(string name, string? modelDirectory, Func<string?, Core.Pipeline.IDocumentStage> load, string? codeVersion = null)
    {
        if (_kinds.Any(k => k.Name == name)) throw new ArgumentException($"stage kind '{name}' is registered twice");
        _kinds.Add(new StageKind(name, modelDirectory, load, codeVersion));
        return this;
    }

    /// <summary>The profiles: <c>fast</c> tags with models/ner, <c>accurate</c> with models/ner-minilm, the tagger that
    /// also reads a pretrained encoder (docs/RESULTS.md: +3.3 entity and +7 relation F1 on dev-other, about a third of
    /// the speed). Records name their profile and the tagger, so provenance tells the profiles apart.</summary>
    public static readonly IReadOnlyList<string> Profiles = ["fast", "accurate"];

    /// <summary><c>accurate</c> meets issue 18's floors here (6,360 tokens/s end to end, 1.3 GB with 2 workers), so it
    /// is the default; <c>fast</c> is for archives where three times the speed matters more.</summary>
    public const string DefaultProfile = "accurate";

    /// <summary>The tagger's model folder (under the models folder) of a profile; an unknown profile is refused.</summary>
    public static string TaggerFolder(string profile) => profile switch
    {
        "fast" => "ner",
        "accurate" => "ner-minilm",
        _ => throw new ArgumentException($"--profile: unknown profile '{profile}' (known: {string.Join(", ", Profiles)})"),
    };

    /// <summary>The stages this build of the product has.</summary>
    public static StageCatalog Default(string profile = DefaultProfile) => new StageCatalog()
        .Add("segment", null, _ => new TextStage(), codeVersion: typeof(TextStage).Assembly.GetName().Version?.ToString() ?? "1")
        .Add("ner", TaggerFolder(profile), dir => new EntityTaggerStage(TaggerModelStore.Load(dir!)))
        .Add("numbers", null, _ => new NumericEntityStage(), codeVersion: "rules-" + RuleManifest.Default.RulesVersion)
        .Add("relations", "relations", dir => new RelationStage(RelationModel.Load(dir!)))
        .Add("events", "events", dir => new EventStage(EventModel.Load(dir!)))
        .Add("calibration", "calibration", dir => new CalibrationStage(SourceShiftCalibration.Load(dir!)));
}
