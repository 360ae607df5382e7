using Newtonsoft.Json.Linq;
using Nlp.Core.Evaluation;
using Nlp.Core.Model;
using Nlp.Core.Scoring;

namespace Nlp.Core.Tests;

/// <summary>The cross-source yardstick: leave-one-source-out folds over a tiny corpus of three sources, and their report.</summary>
public class CrossSourceFoldsTests
{
    static Document Doc(string id, string source) =>
        new(id, $"Text of {id}.") { Meta = new JObject { ["source"] = source } };

    static readonly Document[] Train = [Doc("a1", "a.txt"), Doc("a2", "a.txt"), Doc("b1", "b.txt"), Doc("c1", "c.txt"), Doc("c2", "c.txt")];
    static readonly Document[] Dev = [Doc("a3", "a.txt"), Doc("b2", "b.txt"), Doc("c3", "c.txt")];

    static string Ids(IEnumerable<Document> docs) => string.Join(",", docs.Select(d => d.Id));

    [Fact]
    public void Each_source_is_held_out_once_whole_and_never_seen_by_its_fold()
    {
        var folds = CrossSourceFolds.Make(Train, Dev);
        Assert.Equal(["a.txt", "b.txt", "c.txt"], folds.Select(f => f.Source));
        var a = folds[0];
        Assert.Equal("b1,c1,c2", Ids(a.Train));
        Assert.Equal("b2,c3", Ids(a.Dev));
        Assert.Equal("a1,a2,a3", Ids(a.Test));
        var b = folds[1];
        Assert.Equal("a1,a2,c1,c2", Ids(b.Train));
        Assert.Equal("a3,c3", Ids(b.Dev));
        Assert.Equal("b1,b2", Ids(b.Test));
        foreach (var f in folds)
        {
            Assert.DoesNotContain(f.Train.Concat(f.Dev), d => CrossSourceFolds.SourceOf(d) == f.Source);
            Assert.Equal(Train.Length + Dev.Length, f.Train.Count + f.Dev.Count + f.Test.Count);
        }
        Assert.Equal("loso-a", CrossSourceFolds.FoldName("a.txt"));
    }

    [Fact]
    public void One_source_or_a_document_without_a_source_is_refused_by_name()
    {
        Assert.Throws<ArgumentException>(() => CrossSourceFolds.Make([Doc("a1", "a.txt")], [Doc("a2", "a.txt")]));
        var e = Assert.Throws<ArgumentException>(() => CrossSourceFolds.Make(Train, [new Document("orphan", "x")]));
        Assert.Contains("orphan", e.Message);
    }

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
