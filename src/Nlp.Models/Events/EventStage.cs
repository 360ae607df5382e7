using Nlp.Core.Model;
using Nlp.Core.Pipeline;

namespace Nlp.Models.Events;

/// <summary>The events stage of the pipeline: reads tokens, sentences and the entities layer; writes events.</summary>
public sealed class EventStage(EventModel model) : IDocumentStage, IDisposable
{
    public EventModel Model { get; } = model;
    public string Name => "events";
    public Layer Requires => EventModel.Reads;
    public Layer Assigns => EventModel.Writes;
    public Document Process(Document document) => Model.Predict(document);

    /// <summary>Releases the model's encoder lease when it reads one (the accurate profile's models).</summary>
    public void Dispose() => Model.Dispose();
}
