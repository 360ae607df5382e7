using Newtonsoft.Json.Linq;
using Nlp.Core.Formats;
using Nlp.Core.Model;
using Nlp.Core.Scoring;
using static Nlp.Core.Tests.TestData;

namespace Nlp.Core.Tests;

public class ScorerTests
{
    private const double Tolerance = 1e-9;
    private const double TwoThirds = 200.0 / 3; // 66.67 %

    private static void AssertCounts(PrfCounts c, int tp, int fp, int fn)
    {
        Assert.Equal((tp, fp, fn), (c.TruePositives, c.FalsePositives, c.FalseNegatives));
    }

    // ---- (a) a file against itself ----

    private const string FullDoc =
        """{"id":"m1","text":"Fitzroy Maclean of the British Embassy arrived in Moscow.","entities":[{"start":0,"end":15,"label":"PERSON","confidence":0.9},{"start":23,"end":38,"label":"ORG","confidence":0.8},{"start":50,"end":56,"label":"GPE","confidence":1.0}],"events":[{"type":"TRAVEL","trigger":{"start":39,"end":46},"confidence":0.7,"arguments":[{"role":"Traveler","start":0,"end":15,"confidence":0.6},{"role":"Destination","start":50,"end":56}]}],"relations":[{"type":"MEMBER_OF","head":{"start":0,"end":15},"tail":{"start":23,"end":38},"confidence":0.95}]}""";

    [Fact]
    public void FileAgainstItself_ScoresOneHundredEverywhere()
    {
        using var dir = new TempDir();
        var path = dir.WriteLines("gold.jsonl", FullDoc, CorrectedExample);

        var report = Scorer.Score(JsonlReader.ReadAll(path), JsonlReader.ReadAll(path));

        Assert.Equal(2, report.Documents);
        foreach (var (name, scores, _) in report.Sections())
        {
            var m = scores.Micro;
            Assert.True(m.Gold > 0, name);
            Assert.Equal(0, m.FalsePositives);
            Assert.Equal(0, m.FalseNegatives);
            Assert.Equal(100, m.Precision, Tolerance);
            Assert.Equal(100, m.Recall, Tolerance);
            Assert.Equal(100, m.F1, Tolerance);
            foreach (var (label, c) in scores.PerLabel) Assert.True(c.F1 == 100, $"{name} {label}");
        }
        AssertCounts(report.Entities.Micro, 7, 0, 0);
        AssertCounts(report.Triggers.Micro, 2, 0, 0);
        AssertCounts(report.ArgumentsOverlap.Micro, 6, 0, 0);
        AssertCounts(report.ArgumentsStrict.Micro, 6, 0, 0);
        AssertCounts(report.Relations.Micro, 1, 0, 0);
    }

    // ---- (b) entities ----

    [Fact]
    public void Entities_TwoExactOneWrongBoundary_GiveTwoThirds()
    {
        var gold = Doc("d", ExampleText, [Ent(Y1931, "DATE"), Ent(TenThousand, "CARDINAL"), Ent(Ussr, "GPE")]);
        var pred = Doc("d", ExampleText, [Ent(Y1931, "DATE"), Ent(new Span(12, 20), "CARDINAL"), Ent(Ussr, "GPE")]);

        var report = Scorer.Score([gold], [pred]);

        var m = report.Entities.Micro;
        AssertCounts(m, 2, 1, 1);
        Assert.Equal(TwoThirds, m.Precision, Tolerance);
        Assert.Equal(TwoThirds, m.Recall, Tolerance);
        Assert.Equal(TwoThirds, m.F1, Tolerance);
        Assert.Equal(new[] { "CARDINAL", "DATE", "GPE" }, report.Entities.PerLabel.Keys.ToArray());
        AssertCounts(report.Entities.PerLabel["DATE"], 1, 0, 0);
        AssertCounts(report.Entities.PerLabel["CARDINAL"], 0, 1, 1);
        AssertCounts(report.Entities.PerLabel["GPE"], 1, 0, 0);
        Assert.Equal(0, report.Entities.PerLabel["CARDINAL"].F1);
    }

    [Fact]
    public void Entities_RightSpanWrongLabel_IsFalsePositiveAndFalseNegative()
    {
        var gold = Doc("d", ExampleText, [Ent(Americans, "NORP")]);
        var pred = Doc("d", ExampleText, [Ent(Americans, "PERSON")]);
        var report = Scorer.Score([gold], [pred]);
        AssertCounts(report.Entities.PerLabel["NORP"], 0, 0, 1);
        AssertCounts(report.Entities.PerLabel["PERSON"], 0, 1, 0);
    }

    [Fact]
    public void Entities_DuplicatePrediction_CountsOnceAsCorrect()
    {
        var gold = Doc("d", ExampleText, [Ent(Ussr, "GPE")]);
        var pred = Doc("d", ExampleText, [Ent(Ussr, "GPE"), Ent(Ussr, "GPE")]);
        AssertCounts(Scorer.Score([gold], [pred]).Entities.Micro, 1, 1, 0);
    }

    [Fact]
    public void MicroScores_SumOverDocuments()
    {
        var g1 = Doc("d1", ExampleText, [Ent(Y1931, "DATE"), Ent(Ussr, "GPE")]);
        var p1 = Doc("d1", ExampleText, [Ent(Y1931, "DATE")]);
        var g2 = Doc("d2", "Moscow", [Ent(new Span(0, 6), "GPE")]);
        var p2 = Doc("d2", "Moscow", [Ent(new Span(0, 6), "GPE"), Ent(new Span(0, 3), "ORG")]);

        var m = Scorer.Score([g1, g2], [p2, p1]).Entities.Micro;

        AssertCounts(m, 2, 1, 1);
        Assert.Equal(TwoThirds, m.F1, Tolerance);
    }

    // ---- (c) arguments ----

    private static Document GoldMigration() => Doc("d", ExampleText,
        [Ent(Y1931, "DATE"), Ent(Americans, "NORP"), Ent(Ussr, "GPE")],
        [Evt("MIGRATE", Moved, Arg("Migrant", TenThousandAmericans), Arg("Destination", Ussr))]);

    [Fact]
    public void Arguments_OverlappingSpan_IsCorrectByOverlap_ButWrongStrictly()
    {
        var pred = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", Americans), Arg("Destination", Ussr))]);

        var report = Scorer.Score([GoldMigration()], [pred]);

        AssertCounts(report.Triggers.Micro, 1, 0, 0);
        AssertCounts(report.ArgumentsOverlap.Micro, 2, 0, 0);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Migrant"], 1, 0, 0);
        AssertCounts(report.ArgumentsStrict.Micro, 1, 1, 1);
        AssertCounts(report.ArgumentsStrict.PerLabel["MIGRATE.Migrant"], 0, 1, 1);
        AssertCounts(report.ArgumentsStrict.PerLabel["MIGRATE.Destination"], 1, 0, 0);
        Assert.Equal(50, report.ArgumentsStrict.Micro.F1, Tolerance);
    }

    [Fact]
    public void Arguments_AdjacentButNotOverlapping_IsWrongEvenByOverlap()
    {
        // "ten thousand" [8,20) and "Americans" [21,30) touch no character in common with [20,21).
        var gold = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", Americans))]);
        var pred = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", TenThousand))]);
        var report = Scorer.Score([gold], [pred]);
        AssertCounts(report.ArgumentsOverlap.Micro, 0, 1, 1);
        AssertCounts(report.ArgumentsStrict.Micro, 0, 1, 1);
    }

    [Fact]
    public void Arguments_OfAnEventWithAWrongTrigger_AreAllWrong()
    {
        // The predicted trigger "the" is not the gold "moved": its exact argument is still a false positive,
        // and both gold arguments are missed.
        var pred = Doc("d", ExampleText, events: [Evt("MIGRATE", The, Arg("Migrant", TenThousandAmericans))]);

        var report = Scorer.Score([GoldMigration()], [pred]);

        AssertCounts(report.Triggers.Micro, 0, 1, 1);
        AssertCounts(report.ArgumentsOverlap.Micro, 0, 1, 2);
        AssertCounts(report.ArgumentsStrict.Micro, 0, 1, 2);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Migrant"], 0, 1, 1);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Destination"], 0, 0, 1);
    }

    [Fact]
    public void Arguments_OfAnEventWithTheWrongType_AreAllWrong()
    {
        var pred = Doc("d", ExampleText, events: [Evt("TRAVEL", Moved, Arg("Destination", Ussr))]);
        var report = Scorer.Score([GoldMigration()], [pred]);
        AssertCounts(report.Triggers.PerLabel["TRAVEL"], 0, 1, 0);
        AssertCounts(report.Triggers.PerLabel["MIGRATE"], 0, 0, 1);
        AssertCounts(report.ArgumentsOverlap.PerLabel["TRAVEL.Destination"], 0, 1, 0);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Destination"], 0, 0, 1);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Migrant"], 0, 0, 1);
    }

    [Fact]
    public void Arguments_WrongRole_IsFalsePositiveAndFalseNegative()
    {
        var gold = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", TenThousandAmericans))]);
        var pred = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Count", TenThousandAmericans))]);

        var report = Scorer.Score([gold], [pred]);

        AssertCounts(report.Triggers.Micro, 1, 0, 0);
        AssertCounts(report.ArgumentsOverlap.Micro, 0, 1, 1);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Count"], 0, 1, 0);
        AssertCounts(report.ArgumentsOverlap.PerLabel["MIGRATE.Migrant"], 0, 0, 1);
        AssertCounts(report.ArgumentsStrict.Micro, 0, 1, 1);
    }

    [Fact]
    public void Arguments_TwoPredictionsOverlappingOneGold_OnlyOneIsCorrect()
    {
        var gold = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", TenThousandAmericans))]);
        var pred = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", TenThousand), Arg("Migrant", Americans))]);
        var report = Scorer.Score([gold], [pred]);
        AssertCounts(report.ArgumentsOverlap.Micro, 1, 1, 0);
        AssertCounts(report.ArgumentsStrict.Micro, 0, 2, 1);
    }

    [Fact]
    public void Arguments_ExactMatchIsPairedFirst_SoAnOverlappingNeighbourDoesNotStealIt()
    {
        // Gold: two Party arguments "ten thousand" and "Americans". The prediction lists "thousand Americans"
        // (overlapping both) first and the exact "ten thousand" second. Paired in list order, the first would take
        // "ten thousand" and leave the exact one without a partner; exact matches go first, so both count.
        var gold = Doc("d", ExampleText, events: [Evt("AGREEMENT", Moved, Arg("Party", TenThousand), Arg("Party", Americans))]);
        var pred = Doc("d", ExampleText, events: [Evt("AGREEMENT", Moved, Arg("Party", new Span(12, 30)), Arg("Party", TenThousand))]);
        var report = Scorer.Score([gold], [pred]);
        AssertCounts(report.ArgumentsOverlap.Micro, 2, 0, 0);
        AssertCounts(report.ArgumentsStrict.Micro, 1, 1, 1);
    }

    [Fact]
    public void Arguments_OfAMissedEvent_AreFalseNegatives()
    {
        var report = Scorer.Score([GoldMigration()], [Doc("d", ExampleText)]);
        AssertCounts(report.Triggers.Micro, 0, 0, 1);
        AssertCounts(report.ArgumentsOverlap.Micro, 0, 0, 2);
        AssertCounts(report.ArgumentsStrict.Micro, 0, 0, 2);
    }

    // ---- (d) relations ----

    private const string MacleanText = "Fitzroy Maclean of the British Embassy arrived in Moscow.";
    private static readonly Span Maclean = new(0, 15), Embassy = new(23, 38), JustMaclean = new(8, 15), Moscow = new(50, 56);

    [Fact]
    public void Relations_CountOnlyOnExactHeadTailAndType()
    {
        var gold = Doc("r", MacleanText, relations: [Rel("MEMBER_OF", Maclean, Embassy), Rel("RESIDES_IN", Maclean, Moscow)]);
        var pred = Doc("r", MacleanText, relations:
        [
            Rel("MEMBER_OF", Maclean, Embassy),       // exact
            Rel("RESIDES_IN", JustMaclean, Moscow),   // head overlaps, not exact
            Rel("LEADER_OF", Maclean, Embassy),       // wrong type
        ]);

        var report = Scorer.Score([gold], [pred]);

        AssertCounts(report.Relations.Micro, 1, 2, 1);
        AssertCounts(report.Relations.PerLabel["MEMBER_OF"], 1, 0, 0);
        AssertCounts(report.Relations.PerLabel["RESIDES_IN"], 0, 1, 1);
        AssertCounts(report.Relations.PerLabel["LEADER_OF"], 0, 1, 0);
    }

    [Fact]
    public void Relations_HeadAndTailSwapped_IsWrong()
    {
        var gold = Doc("r", MacleanText, relations: [Rel("MEMBER_OF", Maclean, Embassy)]);
        var pred = Doc("r", MacleanText, relations: [Rel("MEMBER_OF", Embassy, Maclean)]);
        AssertCounts(Scorer.Score([gold], [pred]).Relations.Micro, 0, 1, 1);
    }

    // ---- (e) calibration ----

    [Fact]
    public void Ece_HandComputed()
    {
        // Correct 0.95, wrong 0.95, wrong 0.25, wrong 0.25.
        // [0.9,1.0]: accuracy .5, confidence .95, gap .45, weight .5; [0.2,0.3): accuracy 0, confidence .25, gap .25, weight .5.
        // ECE = .5 * .45 + .5 * .25 = 0.35.
        var gold = Doc("d", ExampleText, [Ent(Y1931, "DATE")]);
        var pred = Doc("d", ExampleText,
        [
            Ent(Y1931, "DATE", 0.95), Ent(TenThousand, "CARDINAL", 0.95),
            Ent(Americans, "NORP", 0.25), Ent(Ussr, "GPE", 0.25),
        ]);

        var report = Scorer.Score([gold], [pred]);

        var bins = report.EntityCalibration.Bins().ToList();
        Assert.Equal(2, bins.Count);
        Assert.Equal(0.2, bins[0].Low, Tolerance);
        Assert.Equal(0.3, bins[0].High, Tolerance);
        Assert.Equal(2, bins[0].Count);
        Assert.Equal(0, bins[0].Accuracy, Tolerance);
        Assert.Equal(0.25, bins[0].MeanConfidence, Tolerance);
        Assert.Equal(0.9, bins[1].Low, Tolerance);
        Assert.Equal(1.0, bins[1].High, Tolerance);
        Assert.Equal(0.5, bins[1].Accuracy, Tolerance);
        Assert.Equal(0.95, bins[1].MeanConfidence, Tolerance);
        Assert.Equal(0.35, report.EntityCalibration.ExpectedCalibrationError!.Value, Tolerance);
        Assert.Equal(0.35, report.OverallCalibration.ExpectedCalibrationError!.Value, Tolerance);
        Assert.Equal(4, report.OverallCalibration.Count);
        Assert.Equal(0.35, (double)ReportFormatter.Json(report)["ece"]!, Tolerance);
        Assert.Equal(0.35, (double)ReportFormatter.Json(report)["entities"]!["ece"]!, Tolerance);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.05, 0.0)]
    [InlineData(0.1, 0.1)]
    [InlineData(0.3, 0.3)]
    [InlineData(0.7, 0.7)]
    [InlineData(0.9, 0.9)]
    [InlineData(0.999, 0.9)]
    [InlineData(1.0, 0.9)]
    public void Calibration_BinBoundaries_AndOneLandsInTheLastBin(double confidence, double expectedLow)
    {
        var bins = new CalibrationBins();
        bins.Add(confidence, correct: true);
        var bin = Assert.Single(bins.Bins());
        Assert.Equal(expectedLow, bin.Low, Tolerance);
        Assert.Equal(Math.Abs(1 - confidence), bins.ExpectedCalibrationError!.Value, Tolerance);
    }

    [Fact]
    public void Calibration_WithoutConfidences_IsNull()
    {
        var report = Scorer.Score([GoldMigration()], [GoldMigration()]);
        Assert.Null(report.OverallCalibration.ExpectedCalibrationError);
        Assert.Equal(JTokenType.Null, ReportFormatter.Json(report)["ece"]!.Type);
    }

    [Fact]
    public void Calibration_CoversTriggersArgumentsAndRelations()
    {
        var gold = Doc("d", ExampleText, events: [Evt("MIGRATE", Moved, Arg("Migrant", Americans))]);
        var pred = Doc("d", ExampleText, events:
        [
            new Event(null, "MIGRATE", Moved, [Arg("Migrant", TenThousandAmericans, 0.8), Arg("Time", Y1931, 0.6)], Confidence: 1.0),
            new Event(null, "TRAVEL", The, [], Confidence: 0.3),
        ]);
        var report = Scorer.Score([gold], [pred]);
        // Triggers: 1.0 right (gap 0), 0.3 wrong (gap .3): ECE .15.
        Assert.Equal(0.15, report.TriggerCalibration.ExpectedCalibrationError!.Value, Tolerance);
        // Arguments (by overlap): 0.8 right (gap .2), 0.6 wrong (gap .6): ECE .4.
        Assert.Equal(0.4, report.ArgumentCalibration.ExpectedCalibrationError!.Value, Tolerance);
        Assert.Equal(4, report.OverallCalibration.Count);
    }

    // ---- (f) pairing of documents ----

    [Fact]
    public void PredictionWithDifferentText_Throws()
    {
        var gold = Doc("d", ExampleText);
        var pred = Doc("d", ExampleText.Replace("USSR", "Soviet Union"));
        var ex = Assert.Throws<DocumentFormatException>(() => Scorer.Score([gold], [pred]));
        Assert.Contains("document d", ex.Message);
        Assert.Contains("text differs", ex.Message);
    }

    [Fact]
    public void PredictionForUnknownDocument_Throws()
    {
        var ex = Assert.Throws<DocumentFormatException>(() =>
            Scorer.Score([Doc("d", ExampleText)], [Doc("d", ExampleText), Doc("stray", "x")]));
        Assert.Contains("stray", ex.Message);
        Assert.Contains("not in the gold", ex.Message);
    }

    [Fact]
    public void DuplicateDocumentIds_Throw()
    {
        Assert.Throws<DocumentFormatException>(() => Scorer.Score([Doc("d", "x")], [Doc("d", "x"), Doc("d", "x")]));
        Assert.Throws<DocumentFormatException>(() => Scorer.Score([Doc("d", "x"), Doc("d", "x")], [Doc("d", "x")]));
    }

    [Fact]
    public void GoldDocumentMissingFromPredictions_CountsAsAllFalseNegatives()
    {
        var withRelation = Doc("r", MacleanText, [Ent(Maclean, "PERSON"), Ent(Embassy, "ORG")], relations: [Rel("MEMBER_OF", Maclean, Embassy)]);

        var report = Scorer.Score([GoldMigration(), withRelation], [GoldMigration()]);

        Assert.Equal(2, report.Documents);
        AssertCounts(report.Entities.Micro, 3, 0, 2);
        AssertCounts(report.Entities.PerLabel["PERSON"], 0, 0, 1);
        AssertCounts(report.Relations.Micro, 0, 0, 1);
        AssertCounts(report.Triggers.Micro, 1, 0, 0);
        Assert.Equal(0, report.Relations.Micro.Recall);
    }

    // ---- counts and reports ----

    [Fact]
    public void PrfCounts_NothingToFindAndNothingFound_IsPerfect_AndNothingFoundIsZero()
    {
        Assert.Equal(100, PrfCounts.Zero.F1);
        var missed = new PrfCounts(0, 0, 3);
        Assert.Equal(0, missed.Precision);
        Assert.Equal(0, missed.Recall);
        Assert.Equal(0, missed.F1);
        var spurious = new PrfCounts(0, 2, 0);
        Assert.Equal(0, spurious.Precision);
        Assert.Equal(0, spurious.Recall);
        var c = new PrfCounts(3, 1, 2);
        Assert.Equal(75, c.Precision, Tolerance);
        Assert.Equal(60, c.Recall, Tolerance);
        Assert.Equal(2 * 75 * 60 / 135.0, c.F1, Tolerance);
        Assert.Equal(new PrfCounts(4, 3, 2), c + new PrfCounts(1, 2, 0));
    }

    [Fact]
    public void ReportFormatter_Json_HasEverySectionWithCounts()
    {
        var gold = Doc("d", ExampleText, [Ent(Y1931, "DATE"), Ent(TenThousand, "CARDINAL"), Ent(Ussr, "GPE")]);
        var pred = Doc("d", ExampleText, [Ent(Y1931, "DATE"), Ent(new Span(12, 20), "CARDINAL"), Ent(Ussr, "GPE")]);

        var json = ReportFormatter.Json(Scorer.Score([gold], [pred]));

        Assert.Equal(1, (int)json["documents"]!);
        foreach (var key in new[] { "entities", "triggers", "arguments", "arguments_strict", "relations" })
            Assert.NotNull(json[key]);
        var micro = json["entities"]!["micro"]!;
        Assert.Equal(66.6667, (double)micro["precision"]!, 1e-9);
        Assert.Equal(66.6667, (double)micro["f1"]!, 1e-9);
        Assert.Equal(3, (int)micro["gold"]!);
        Assert.Equal(3, (int)micro["predicted"]!);
        Assert.Equal(2, (int)micro["true_positives"]!);
        Assert.Equal(0, (int)json["entities"]!["per_label"]!["CARDINAL"]!["true_positives"]!);
        Assert.Null(json["arguments_strict"]!["ece"]);
    }

    [Fact]
    public void ReportFormatter_Table_ShowsNonEmptySectionsOnly()
    {
        var gold = Doc("d", ExampleText, [Ent(Y1931, "DATE"), Ent(TenThousand, "CARDINAL"), Ent(Ussr, "GPE")]);
        var pred = Doc("d", ExampleText, [Ent(Y1931, "DATE", 0.95), Ent(new Span(12, 20), "CARDINAL", 0.25), Ent(Ussr, "GPE")]);

        var table = ReportFormatter.Table(Scorer.Score([gold], [pred]));

        Assert.Contains("documents: 1", table);
        Assert.Contains("entities", table);
        Assert.DoesNotContain("triggers", table);
        Assert.DoesNotContain("relations", table);
        var microLine = table.Split('\n').Single(l => l.TrimStart().StartsWith("micro"));
        Assert.Contains("66.67", microLine);
        Assert.Contains("ECE 0.1500 over 2 confidences", table);
        Assert.Contains("calibration: ECE 0.1500", table);
    }
}
