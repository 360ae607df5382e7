using Nlp.Core.Model;

namespace Nlp.Core.Pipeline;

/// <summary>
/// One step of the pipeline: takes a document and returns an enriched copy. Declares the layers it reads
/// (<see cref="Requires"/>) and writes (<see cref="Assigns"/>), so that a pipeline in a wrong order is
/// refused when it is built, not halfway through a batch.
/// </summary>
public interface IDocumentStage
{
    string Name { get; }
    Layer Requires { get; }
    Layer Assigns { get; }
    Document Process(Document document);
}
