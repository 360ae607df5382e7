using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Models.Relations;

/// <summary>The relations stage: reads tokens, sentences and the entities layer; writes relations.</summary>
public sealed class RelationStage(RelationModel model) : IDocumentStage, IDisposable
{
    public RelationModel Model { get; } = model;
    public string Name => "relations";
    public Layer Requires => RelationModel.Reads;
    public Layer Assigns => RelationModel.Writes;
    public Document Process(Document document) => Model.Predict(document);

    /// <summary>Releases the model's encoder lease when it reads one (the accurate profile's models).</summary>
    public void Dispose() => Model.Dispose();
}
