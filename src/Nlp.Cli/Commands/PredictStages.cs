using Nlp.Core.Pipeline;
using Nlp.Models.Calibration;
using Nlp.Models.Events;
using Nlp.Models.Relations;
using Nlp.Models.Tagging;
using Nlp.Rules;

namespace Nlp.Cli.Commands;

/// <summary>
/// Builds the stages that <c>nlp predict --stages a,b</c> names, in the order given. Add a stage with one line
/// in <see cref="Builders"/> (plus its model option in <see cref="PredictStageOptions"/>).
/// </summary>
internal static class PredictStages
{
    static readonly Dictionary<string, Func<PredictStageOptions, IDocumentStage>> Builders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ner"] = o => new EntityTaggerStage(LoadTagger(o.NerModel)),
        ["numbers"] = _ => new NumericEntityStage(),
        ["relations"] = o => new RelationStage(RelationModel.Load(o.RelationsModel).WithThresholds(o.Thresholds ?? new Dictionary<string, double>())),
        ["events"] = o => new EventStage(EventModel.Load(o.EventsModel).WithThresholds(o.Thresholds ?? new Dictionary<string, double>())),
        ["calibration"] = o => new CalibrationStage(SourceShiftCalibration.Load(o.CalibrationModel)),
    };

    /// <summary>Loads a tagger, turning an unreadable model (e.g. a format version this build does not read) into a clear error.</summary>
    public static EntityTagger LoadTagger(string folder)
    {
        try
        {
            return TaggerModelStore.Load(folder);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    public static IReadOnlyCollection<string> Known => Builders.Keys;

    public static List<IDocumentStage> Build(IEnumerable<string> names, PredictStageOptions options)
    {
        var list = names.ToList();
        int calibration = list.FindIndex(n => n.Equals("calibration", StringComparison.OrdinalIgnoreCase));
        // It recalibrates what the stages before it made: anything after it would keep its own confidences.
        if (calibration >= 0 && calibration != list.Count - 1) throw new UsageException("--stages: calibration must come last");
        return list.Select(n => Builders.TryGetValue(n, out var build) ? build(options)
            : throw new UsageException($"unknown stage \"{n}\" (known: {string.Join(", ", Known)})")).ToList();
    }
}

/// <summary>Model folders and settings for the stages (one property per stage that has a model).</summary>
internal sealed record PredictStageOptions(string NerModel, string RelationsModel = "models/relations",
    string EventsModel = "models/events", IReadOnlyDictionary<string, double>? Thresholds = null,
    string CalibrationModel = "models/calibration");
