using Nlp.Core.Model;

namespace Nlp.Core.Pipeline;

/// <summary>
/// One step of the pipeline: takes a document and returns an enriched copy. Declares the layers it reads
/// (<see cref="Requires"/>) and writes (<see cref="Assigns"/>), so that a pipeline in a wrong order is
/// refused when it is built, not halfway through a batch. A stage that holds native memory (a torch model)
/// is also <see cref="IDisposable"/>; <see cref="DocumentPipeline.Dispose"/> frees it.
/// </summary>
public interface IDocumentStage
{
    string Name { get; }
    Layer Requires { get; }
    Layer Assigns { get; }
    Document Process(Document document);

    /// <summary>Several documents at once, in order. A stage that gains from batching (the tagger's shared forward
    /// passes) overrides this; its result for each document must be what <see cref="DocumentPipeline"/> ships for it.</summary>
    IReadOnlyList<Document> Process(IReadOnlyList<Document> documents) => documents.Select(Process).ToList();
}
