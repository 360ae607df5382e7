using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.Extraction;
using Nlp.Models.Relations;

namespace Nlp.Models.Tests.Extraction;

public class RelationModelTests
{
    private static RelationModel Train() =>
        new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { Epochs = 15, CalibrationFolds = 2 })
            .Fit(TinyCorpus.Relations(), null, new ModelManifest { Kind = RelationModel.Kind, Schema = "domain" });

    [Fact]
    public void Tiny_training_data_is_learned()
    {
        var report = Train().Score(TinyCorpus.Relations());
        Assert.True(report.Relations.Micro.F1 >= 80, $"relation F1 {report.Relations.Micro.F1}");
    }

    [Fact]
    public void Relations_respect_type_signatures()
    {
        // Every label against every label, at threshold 0: whatever is output must fit its type's signature.
        var model = Train().WithThresholds(new Dictionary<string, double> { ["*"] = 0.0 });
        var labels = new[] { "PERSON", "ORG", "GPE", "LOC", "NORP", "WORK_OF_ART", "DATE" };
        int relations = 0;
        foreach (var h in labels)
            foreach (var t in labels)
            {
                var doc = TinyCorpus.Parse($"{h}-{t}", $"[[Alpha|{h}]] was a member of and lived in [[Beta|{t}]].");
                foreach (var r in model.Predict(doc).Relations)
                {
                    relations++;
                    var sig = Schemas.Domain.Relations[r.Type];
                    string head = doc.Entities.Single(e => e.Span == r.Head).Label, tail = doc.Entities.Single(e => e.Span == r.Tail).Label;
                    Assert.True(sig.AcceptsHead(head) && sig.AcceptsTail(tail), $"{r.Type} from {head} to {tail}");
                }
            }
        Assert.True(relations > 0);
    }

    [Fact]
    public void Predicted_mentions_scale_a_relation_confidence_but_not_the_decision()
    {
        var model = Train();
        var gold = TinyCorpus.Relations()[0];
        var predicted = gold with { Entities = gold.Entities.Select(e => e with { Confidence = 0.5 }).ToImmutableArray() };
        var a = model.Predict(gold).Relations;
        var b = model.Predict(predicted).Relations;
        Assert.NotEmpty(a);
        Assert.Equal(a.Select(r => (r.Type, r.Head, r.Tail)), b.Select(r => (r.Type, r.Head, r.Tail)));
        for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].Confidence!.Value * 0.25, b[i].Confidence!.Value, 3);
    }

    [Fact]
    public void Save_and_load_give_the_same_predictions()
    {
        var model = Train();
        var dir = Path.Combine(Path.GetTempPath(), "nlp-relations-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            var loaded = RelationModel.Load(dir);
            foreach (var doc in TinyCorpus.Relations())
                Assert.Equal(model.Predict(doc).Relations.Select(r => $"{r.Type}{r.Head}{r.Tail}{r.Confidence}"),
                             loaded.Predict(doc).Relations.Select(r => $"{r.Type}{r.Head}{r.Tail}{r.Confidence}"));
            Assert.Throws<InvalidDataException>(() => Nlp.Models.Events.EventModel.Load(dir)); // a relations model is not an events model
        }
        finally { Directory.Delete(dir, true); }
    }
}
