using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Models.Tagging;

/// <summary>
/// The entity recognizer as a pipeline stage: replaces the entities layer with the tagger's predictions, each
/// with its calibrated confidence. Needs tokens and sentences, so documents without them go through
/// Nlp.Text's TextStage first (the pipeline refuses the wrong order). Owns its tagger: disposing the stage frees
/// the tagger's native torch memory.
/// </summary>
public sealed class EntityTaggerStage(EntityTagger tagger) : IDocumentStage, IDisposable
{
    public EntityTagger Tagger { get; } = tagger;
    public string Name => "ner";
    public Layer Requires => EntityTagger.Reads;
    public Layer Assigns => EntityTagger.Writes;

    public Document Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Tokens is null || document.Sentences is null)
            throw new ArgumentException($"document {document.Id}: the ner stage needs tokens and sentences; run the segment stage (TextStage) first");
        return Tagger.Predict(document);
    }

    /// <summary>Several documents in shared forward passes (faster than one by one; see DocumentBatches for why every
    /// command batches the same documents together).</summary>
    public IReadOnlyList<Document> Process(IReadOnlyList<Document> documents)
    {
        foreach (var d in documents)
            if (d.Tokens is null || d.Sentences is null)
                throw new ArgumentException($"document {d.Id}: the ner stage needs tokens and sentences; run the segment stage (TextStage) first");
        return Tagger.Predict(documents);
    }

    public void Dispose() => Tagger.Dispose();
}
