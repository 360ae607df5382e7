using Nlp.Core.Manifests;
using Nlp.Core.Model;
using Nlp.Core.Scoring;

namespace Nlp.Core.Learning;

/// <summary>
/// The contract of a model that learns (the entity tagger, the event and relation extractors), in the spirit of
/// ML.NET's transformer and spaCy's trainable pipe: it declares the layers it reads and the one it writes, predicts
/// documents, scores itself on gold documents, and saves and loads itself (its files and its <see cref="ModelManifest"/>)
/// — no side store. An <see cref="ILearner{TModel}"/> trains it.
/// </summary>
public interface ILearnedModel<TSelf> : IDisposable where TSelf : ILearnedModel<TSelf>
{
    /// <summary>The manifest's kind ("entity-tagger", "events", "relations").</summary>
    static abstract string Kind { get; }

    /// <summary>The layers a document must have for <see cref="Predict"/>.</summary>
    static abstract Layer Reads { get; }

    /// <summary>The layer <see cref="Predict"/> writes.</summary>
    static abstract Layer Writes { get; }

    /// <summary>Loads a saved model, refusing a manifest of another kind or a format this build cannot read.</summary>
    static abstract TSelf Load(string directory);

    /// <summary>The manifest it was loaded with, or the one it will be saved with.</summary>
    ModelManifest? Manifest { get; }

    /// <summary>The document with <see cref="Writes"/> predicted (the other layers as they were).</summary>
    Document Predict(Document document);

    /// <summary>Scores on gold documents: the model's layer predicted from the gold of the layers it reads.</summary>
    EvaluationReport Score(IEnumerable<Document> gold);

    /// <summary>Writes the model's files, then its manifest; returns the manifest with its content-hash version.</summary>
    ModelManifest Save(string directory);
}

/// <summary>Trains a model (ML.NET's estimator): configured with its settings, then fitted on training documents;
/// dev picks the best epoch and fits the calibration where the learner uses them.</summary>
public interface ILearner<TModel> where TModel : ILearnedModel<TModel>
{
    Trained<TModel> Train(IReadOnlyList<Document> train, IReadOnlyList<Document> dev);
}

/// <summary>What training keeps: the model of the best dev epoch (the one to ship) and the model after the last epoch
/// (to resume or fine-tune from). A learner without epochs to choose between (a convex fit) gives one model as both.</summary>
public sealed record Trained<TModel>(TModel Best, TModel Last);
