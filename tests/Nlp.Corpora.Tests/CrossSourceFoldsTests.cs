using Newtonsoft.Json.Linq;
using Nlp.Core.Model;
using Nlp.Corpora.Folds;

namespace Nlp.Corpora.Tests;

/// <summary>The cross-source yardstick: leave-one-source-out folds over a tiny corpus of three sources.</summary>
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
}
