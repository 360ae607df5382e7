using System.Collections.Immutable;
using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;
using Nlp.Core.Scoring;
using Nlp.Models.Calibration;

namespace Nlp.Models.Tests.Calibration;

/// <summary>The source-shift calibration: fitted on out-of-source predictions, it lowers overconfident confidences,
/// keeps their order, changes nothing else, and saves with a content version.</summary>
public class SourceShiftCalibrationTests
{
    // Overconfident on new sources: entities said 0.95 are right 60% of the time, triggers said 0.8 right 40%.
    static IEnumerable<ConfidencePoint> Points()
    {
        for (int i = 0; i < 200; i++) yield return new("entities", "GPE", 0.95, i % 5 < 3);
        for (int i = 0; i < 200; i++) yield return new("entities", "GPE", 0.6, i % 5 < 1);
        for (int i = 0; i < 60; i++) yield return new("entities", "LAW", 0.9, i % 3 == 0);
        for (int i = 0; i < 100; i++) yield return new("triggers", "DEPORT", 0.8, i % 5 < 2);
    }

    static double Ece(IEnumerable<ConfidencePoint> points)
    {
        var bins = new CalibrationBins();
        foreach (var p in points) bins.Add(p.Confidence, p.Correct);
        return bins.ExpectedCalibrationError!.Value;
    }

    [Fact]
    public void Fitted_on_overconfident_points_it_lowers_the_error_and_keeps_the_order()
    {
        var points = Points().ToList();
        var calibration = SourceShiftCalibration.Fit(points);
        var after = points.Select(p => p with { Confidence = calibration.Calibrate(p.Layer, p.Label, p.Confidence) }).ToList();
        Assert.True(Ece(after) < Ece(points) / 3, $"ECE {Ece(points):0.000} -> {Ece(after):0.000}");
        Assert.InRange(calibration.Calibrate("entities", "GPE", 0.95), 0.55, 0.65);
        Assert.True(calibration.Calibrate("entities", "GPE", 0.6) < calibration.Calibrate("entities", "GPE", 0.95));
        // LAW has too few points for its own calibrator: the layer's serves. A layer never fitted is left alone.
        Assert.Equal(calibration.Calibrate("entities", "ORG", 0.9), calibration.Calibrate("entities", "LAW", 0.9));
        Assert.Equal(0.7, calibration.Calibrate("relations", "LOCATED_IN", 0.7));
        // Kept for some layers only, the others keep their confidences.
        var triggersOnly = calibration.Only(["triggers"]);
        Assert.Equal(0.95, triggersOnly.Calibrate("entities", "GPE", 0.95));
        Assert.Equal(calibration.Calibrate("triggers", "DEPORT", 0.8), triggersOnly.Calibrate("triggers", "DEPORT", 0.8));
        Assert.Equal(["triggers"], triggersOnly.CalibratedLayers);
    }

    [Fact]
    public void The_stage_changes_confidences_only()
    {
        var calibration = SourceShiftCalibration.Fit(Points());
        var doc = new Document("d", "Moscow deported them.")
        {
            Entities = [new Entity("T1", new Span(0, 6), "GPE", 0.95)],
            Events = [new Event("E1", "DEPORT", new Span(7, 15), [new Argument("Deportee", new Span(16, 20), 0.9)], 0.8)],
        };
        IDocumentStage stage = new CalibrationStage(calibration);
        var result = stage.Process(doc);
        Assert.Equal(doc.Entities.Select(e => (e.Span, e.Label)), result.Entities.Select(e => (e.Span, e.Label)));
        Assert.Equal(doc.Events.Select(e => (e.Type, e.Trigger)), result.Events.Select(e => (e.Type, e.Trigger)));
        Assert.True(result.Entities[0].Confidence < 0.95);
        Assert.True(result.Events[0].Confidence < 0.8);
        Assert.Equal(Layer.Entities, stage.Requires);
        Assert.Equal(Layer.None, stage.Assigns);
    }

    [Fact]
    public void Saved_and_loaded_it_calibrates_the_same_and_its_version_is_its_content()
    {
        var calibration = SourceShiftCalibration.Fit(Points());
        string Dir() => Path.Combine(Path.GetTempPath(), "nlp-models-tests", Guid.NewGuid().ToString("N"));
        string dir = Dir();
        var written = calibration.Save(dir, [], new JObject { ["sets"] = 2 }, new JObject());
        var loaded = SourceShiftCalibration.Load(dir);
        Assert.Equal(calibration.Calibrate("entities", "GPE", 0.9), loaded.Calibrate("entities", "GPE", 0.9));
        Assert.Equal(calibration.Calibrate("entities", "LAW", 0.9), loaded.Calibrate("entities", "LAW", 0.9));
        Assert.Equal(written.Version, ManifestFile.Read(dir).Version);
        // Same fit, same version (whatever it was fitted on, whenever); another fit, another version.
        Assert.Equal(written.Version, SourceShiftCalibration.Fit(Points()).Save(Dir(), [], new JObject { ["sets"] = 3 }, new JObject()).Version);
        Assert.NotEqual(written.Version, SourceShiftCalibration.Fit(Points().Skip(10)).Save(Dir(), [], new JObject(), new JObject()).Version);

        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
        manifest["format_version"] = 99;
        manifest["readable_by"] = new JArray(99);
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToString());
        var e = Assert.Throws<InvalidDataException>(() => SourceShiftCalibration.Load(dir));
        Assert.Contains("format version 99", e.Message);
    }
}
