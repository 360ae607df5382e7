using Nlp.Core.Evaluation;
using Nlp.Core.Model;
using Nlp.Core.Scoring;

namespace Nlp.Core.Tests;

/// <summary>The cross-source yardstick's table (the folds themselves are made by Nlp.Corpora).</summary>
public class CrossSourceReportTests
{
    [Fact]
    public void The_report_averages_the_held_out_sources_equally_and_keeps_dev_other_apart()
    {
        var gold = new Document("d", "Moscow and Kiev.")
        {
            Entities = [new Entity("T1", new Span(0, 6), "GPE"), new Entity("T2", new Span(11, 15), "GPE")],
        };
        var half = gold with { Entities = [new Entity("T1", new Span(0, 6), "GPE", 0.9)] };
        var none = gold with { Entities = [] };
        var report = new CrossSourceReport();
        report.Add("loso-a", Scorer.Score([gold], [gold]));      // F1 100
        report.Add("loso-b", Scorer.Score([gold], [half]));      // P 100, R 50: F1 66.7
        report.Add("dev-other", Scorer.Score([gold], [none]));   // F1 0, not in the mean
        var (f1, _) = report.Mean("entities")!.Value;
        Assert.Equal((100 + 200.0 / 3) / 2, f1, 6);
        var json = report.Json();
        Assert.Equal(Math.Round(f1, 2), (double)json["leave_one_source_out_mean"]!["entities"]!["f1"]!);
        Assert.Equal(0.0, (double)json["summary"]!["dev-other"]!["entities"]!["f1"]!);
        Assert.Contains("leave-one-source-out mean", report.Table());
        var other = gold with { Id = "e" };
        report.Pooled = Scorer.Score([gold, other], [gold, half with { Id = "e" }]);   // 3 of 4 found, all right: F1 85.7
        Assert.Equal(85.71, (double)report.Json()["leave_one_source_out_pooled"]!["entities"]!["f1"]!);
    }
}
