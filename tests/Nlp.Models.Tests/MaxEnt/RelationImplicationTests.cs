using Newtonsoft.Json.Linq;
using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Schema;
using Nlp.Models.MaxEnt;
using Nlp.Models.Relations;

namespace Nlp.Models.Tests.MaxEnt;

/// <summary>A head of an organization is annotated LEADER_OF and MEMBER_OF it (decision 9); the classifier picks one
/// type per pair, so the model learns that the one brings the other and decodes both.</summary>
public class RelationImplicationTests
{
    static readonly string[] Names = ["Ivanov", "Petrov", "Smirnova", "Orlov", "Kuznetsov", "Sorokin", "Volkov", "Zaitsev"];
    static readonly string[] Orgs = ["NKVD", "OGPU", "Komintern", "Gosplan", "Narkomzem", "Osoaviakhim", "Dalstroi", "Komzet"];

    /// <summary>Heads (both types) and plain members (MEMBER_OF alone), with other relations beside them.</summary>
    static List<Document> Corpus(int heads = 8, int headsWithoutMember = 0)
    {
        var docs = new List<Document>(TinyCorpus.Relations());
        for (int k = 0; k < heads; k++)
        {
            var relations = k < heads - headsWithoutMember
                ? new[] { (0, 1, "LEADER_OF"), (0, 1, "MEMBER_OF") }
                : new[] { (0, 1, "LEADER_OF") };
            docs.Add(TinyCorpus.Parse($"head{k}", $"[[{Names[k]}|PERSON]] headed the [[{Orgs[k]}|ORG]].", relations));
            docs.Add(TinyCorpus.Parse($"member{k}", $"[[{Names[(k + 3) % 8]}|PERSON]] was a member of the [[{Orgs[(k + 5) % 8]}|ORG]].", (0, 1, "MEMBER_OF")));
        }
        return docs;
    }

    [Fact]
    public void A_type_whose_pairs_always_carry_another_implies_it_and_not_the_reverse()
    {
        var learned = RelationImplications.Learn(Corpus());
        Assert.Equal([new RelationImplication("LEADER_OF", "PERSON", "ORG", "MEMBER_OF")], learned);
    }

    [Fact]
    public void Too_few_pairs_or_too_many_exceptions_imply_nothing()
    {
        Assert.Empty(RelationImplications.Learn(Corpus(heads: 4)));
        Assert.Empty(RelationImplications.Learn(Corpus(heads: 8, headsWithoutMember: 2)));
    }

    [Fact]
    public void The_classifier_learns_the_implying_type_of_a_pair_with_both()
    {
        var implications = RelationImplications.Learn(Corpus());
        Assert.Equal("LEADER_OF", RelationImplications.ClassOf(["MEMBER_OF", "LEADER_OF"], "PERSON", "ORG", implications));
        Assert.Equal("LEADER_OF", RelationImplications.ClassOf(["LEADER_OF", "MEMBER_OF"], "PERSON", "ORG", implications));
        // No implication for these labels: the first type, as before implications.
        Assert.Equal("MEMBER_OF", RelationImplications.ClassOf(["MEMBER_OF", "LEADER_OF"], "NORP", "ORG", implications));
    }

    [Fact]
    public void A_predicted_head_of_an_organization_is_also_its_member_with_the_same_confidence_after_save_and_load()
    {
        var model = new RelationTrainer(Schemas.Domain, TinyCorpus.Lexicon(), new RelationTrainerSettings { CalibrationFolds = 2 })
            .Fit(Corpus(), null, new ModelManifest { Kind = RelationModel.Kind });
        Assert.Equal([new RelationImplication("LEADER_OF", "PERSON", "ORG", "MEMBER_OF")], model.Implications);
        var doc = TinyCorpus.Parse("new", "[[Yezhov|PERSON]] headed the [[Gulag|ORG]].");
        var relations = model.Predict(doc).Relations;
        var leader = Assert.Single(relations, r => r.Type == "LEADER_OF");
        var member = Assert.Single(relations, r => r.Type == "MEMBER_OF");
        Assert.Equal((leader.Head, leader.Tail, leader.Confidence), (member.Head, member.Tail, member.Confidence));

        var dir = Path.Combine(Path.GetTempPath(), "nlp-implications-" + Guid.NewGuid().ToString("N"));
        try
        {
            model.Save(dir);
            using var loaded = RelationModel.Load(dir);
            Assert.Equal(Keys(relations), Keys(loaded.Predict(doc).Relations));
        }
        finally { Directory.Delete(dir, true); }

        // Output with its decision whatever its own threshold; alone when only its own threshold is passed: a head too
        // uncertain to be output as the leader is still output as a member.
        var strict = model.WithThresholds(new Dictionary<string, double> { ["LEADER_OF"] = 0.1, ["MEMBER_OF"] = 1.0 });
        Assert.Equal(["LEADER_OF", "MEMBER_OF"], strict.Predict(doc).Relations.Select(r => r.Type));
        var unsure = model.WithThresholds(new Dictionary<string, double> { ["LEADER_OF"] = 1.0, ["MEMBER_OF"] = 0.1 });
        Assert.Equal(["MEMBER_OF"], unsure.Predict(doc).Relations.Select(r => r.Type));

        // A model whose manifest has no implications (trained before them) outputs the one type it decides.
        var decoding = (JObject)model.Manifest.Decoding().DeepClone();
        decoding.Remove(RelationImplications.Key);
        var payload = (JObject)model.Manifest.Payload.DeepClone();
        payload["decoding"] = decoding;
        var older = model.WithManifest(model.Manifest with { Payload = payload });
        Assert.Empty(older.Implications);
        Assert.Equal(["LEADER_OF"], older.Predict(doc).Relations.Select(r => r.Type));
    }

    static IEnumerable<string> Keys(IEnumerable<Relation> relations) => relations.Select(r => $"{r.Type}{r.Head}{r.Tail}{r.Confidence}");
}
