using Nlp.Core.Model;

namespace Nlp.Core.Pipeline;

/// <summary>An ordered list of stages, checked at construction: every layer a stage requires is produced earlier.</summary>
public sealed class DocumentPipeline
{
    public DocumentPipeline(IEnumerable<IDocumentStage> stages, Layer inputLayers = Layer.Text)
    {
        Stages = stages.ToArray();
        var available = inputLayers | Layer.Text;
        foreach (var stage in Stages)
        {
            var missing = stage.Requires & ~available;
            if (missing != Layer.None)
                throw new InvalidOperationException(
                    $"stage '{stage.Name}' requires {missing}, which no earlier stage provides " +
                    $"(order: {string.Join(" -> ", Stages.Select(s => s.Name))})");
            available |= stage.Assigns;
        }
        Produces = available;
    }

    public IReadOnlyList<IDocumentStage> Stages { get; }

    /// <summary>The layers a document carries after the whole pipeline.</summary>
    public Layer Produces { get; }

    public Document Process(Document document)
    {
        foreach (var stage in Stages) document = stage.Process(document);
        return document;
    }
}
