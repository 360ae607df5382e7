using System.Collections.Immutable;
using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Core.Tests;

/// <summary>The one runner: batches, per-stage time, one document's failure kept to itself, stages disposed.</summary>
public sealed class DocumentPipelineTests
{
    /// <summary>Marks each document's entities with its name; counts its batch calls; throws on a text holding "BAD".</summary>
    private sealed class MarkingStage(string name, Layer requires, Layer assigns) : IDocumentStage, IDisposable
    {
        public int BatchCalls, SingleCalls, Disposals;
        public string Name => name;
        public Layer Requires => requires;
        public Layer Assigns => assigns;

        public Document Process(Document document)
        {
            SingleCalls++;
            if (document.Text.Contains("BAD")) throw new InvalidDataException($"cannot read {document.Id}");
            var mark = new Entity($"T{document.Entities.Length + 1}", new Span(0, 1), name.ToUpperInvariant());
            return document with { Entities = document.Entities.Add(mark) };
        }

        public IReadOnlyList<Document> Process(IReadOnlyList<Document> documents)
        {
            BatchCalls++;
            if (documents.Any(d => d.Text.Contains("BAD"))) throw new InvalidDataException("a document of the batch cannot be read");
            return documents.Select(d => d with { Entities = d.Entities.Add(new Entity($"T{d.Entities.Length + 1}", new Span(0, 1), name.ToUpperInvariant())) }).ToList();
        }

        public void Dispose() => Disposals++;
    }

    private static List<Document> Docs(params string[] texts) => texts.Select((t, i) => new Document($"d{i}", t)).ToList();

    [Fact]
    public void Each_stage_runs_once_over_the_whole_batch_and_its_time_is_counted()
    {
        var first = new MarkingStage("first", Layer.Text, Layer.Entities);
        var second = new MarkingStage("second", Layer.Entities, Layer.Entities);
        using var pipeline = new DocumentPipeline([first, second]);
        var ticks = new long[2];
        var results = pipeline.Run(Docs("a", "b", "c"), ticks);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.All(results, r => Assert.Equal(["FIRST", "SECOND"], r.Document.Entities.Select(e => e.Label)));
        Assert.Equal((1, 0), (first.BatchCalls, first.SingleCalls));
        Assert.Equal((1, 0), (second.BatchCalls, second.SingleCalls));
        Assert.All(ticks, t => Assert.True(t > 0));
    }

    [Fact]
    public void A_document_a_stage_fails_on_leaves_the_batch_with_that_stage_and_the_others_go_on()
    {
        var first = new MarkingStage("first", Layer.Text, Layer.Entities);
        var second = new MarkingStage("second", Layer.Entities, Layer.Entities);
        using var pipeline = new DocumentPipeline([first, second]);
        var results = pipeline.Run(Docs("a", "BAD", "c"));
        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal("first", results[1].FailedStage);
        Assert.Equal("cannot read d1", results[1].Error!.Message);
        Assert.Equal(["FIRST", "SECOND"], results[2].Document.Entities.Select(e => e.Label));
        Assert.Equal(3, first.SingleCalls);                  // the batch failed, so each document was run alone
        Assert.Equal((1, 0), (second.BatchCalls, second.SingleCalls)); // the failed document is not run further
    }

    [Fact]
    public void Process_of_one_document_throws_the_stage_exception_as_thrown()
    {
        using var pipeline = new DocumentPipeline([new MarkingStage("first", Layer.Text, Layer.Entities)]);
        var e = Assert.Throws<InvalidDataException>(() => pipeline.Process(new Document("x", "BAD")));
        Assert.Equal("a document of the batch cannot be read", e.Message); // a batch of one is not run again
    }

    [Fact]
    public void A_wrong_order_is_refused_and_disposing_frees_every_stage()
    {
        var reads = new MarkingStage("reads", Layer.Entities, Layer.Events);
        var e = Assert.Throws<InvalidOperationException>(() => new DocumentPipeline([reads]));
        Assert.Contains("'reads' requires Entities", e.Message);
        Assert.Equal(Layer.Text | Layer.Entities | Layer.Events, new DocumentPipeline([reads], Layer.Entities).Produces);

        var stages = new[] { new MarkingStage("a", Layer.Text, Layer.Entities), new MarkingStage("b", Layer.Text, Layer.Entities) };
        new DocumentPipeline(stages).Dispose();
        Assert.All(stages, s => Assert.Equal(1, s.Disposals));
    }

    [Fact]
    public void Batches_are_consecutive_documents_closed_by_count_or_by_text_size()
    {
        var small = Enumerable.Range(0, DocumentBatches.MaxDocuments + 3).Select(i => new string('x', 10)).ToList();
        Assert.Equal([DocumentBatches.MaxDocuments, 3], DocumentBatches.Group(small, s => s.Length).Select(b => b.Count));
        var large = new[] { "a", new string('x', DocumentBatches.MaxChars), "b", "c" };
        Assert.Equal([2, 2], DocumentBatches.Group(large, s => s.Length).Select(b => b.Count));
    }
}
